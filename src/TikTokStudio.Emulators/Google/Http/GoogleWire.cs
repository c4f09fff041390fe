using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace TikTokStudio.Emulators.Google;

/// <summary>JSON as Google writes it on these endpoints: explicit snake_case names, absent fields left out.</summary>
public static class GoogleJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    /// <summary>The flat OAuth error Google's token and userinfo endpoints answer with.</summary>
    public static IResult Error(int status, string error, string description) =>
        Results.Json(new GoogleOAuthError(error, description), Options, "application/json; charset=utf-8", status);
}

public sealed record GoogleOAuthError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string ErrorDescription);

public sealed record GoogleTokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] long ExpiresIn,
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("id_token")] string? IdToken);

/// <summary>The OpenID Connect userinfo answer: which fields appear depends on the granted scopes.</summary>
public sealed record GoogleUserInfo(
    [property: JsonPropertyName("sub")] string Sub,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("given_name")] string? GivenName,
    [property: JsonPropertyName("family_name")] string? FamilyName,
    [property: JsonPropertyName("picture")] string? Picture,
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("email_verified")] bool? EmailVerified);

/// <summary>
/// Scope names as Google accepts them (the short OpenID names or the full URLs) and as its token endpoint reports
/// them (the full URLs, plus "openid").
/// </summary>
public static class GoogleScopes
{
    public const string OpenId = "openid";
    public const string Email = "email";
    public const string Profile = "profile";
    private const string EmailUrl = "https://www.googleapis.com/auth/userinfo.email";
    private const string ProfileUrl = "https://www.googleapis.com/auth/userinfo.profile";

    /// <summary>The short name of a known scope, or null when the emulated Google does not offer it.</summary>
    public static string? Normalize(string scope) => scope switch
    {
        OpenId => OpenId,
        Email or EmailUrl => Email,
        Profile or ProfileUrl => Profile,
        _ => null,
    };

    public static string Report(IEnumerable<string> scopes) => string.Join(' ', scopes.Select(s => s switch
    {
        Email => EmailUrl,
        Profile => ProfileUrl,
        _ => s,
    }));
}

/// <summary>Absolute URLs back into the emulator, built from the incoming request (whatever host and mount point it used).</summary>
public static class GoogleUrls
{
    /// <summary>scheme://host[pathbase]{prefix}/google</summary>
    public static string Base(HttpContext context)
    {
        var request = context.Request;
        var mount = context.GetEndpoint()?.Metadata.GetMetadata<GoogleMountMetadata>()?.Prefix ?? "";
        return $"{request.Scheme}://{request.Host}{request.PathBase}{mount}";
    }

    public static string Picture(HttpContext context, GoogleUser user) => $"{Base(context)}/avatars/{user.Sub}.svg";
}

/// <summary>Endpoint metadata carrying the Google emulator's mount path (e.g. /emulators/google).</summary>
public sealed record GoogleMountMetadata(string Prefix);
