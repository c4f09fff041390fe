using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace TikTokStudio.Emulators.TikTok;

/// <summary>JSON as TikTok writes it: explicit snake_case names on every wire type, nulls left out.</summary>
public static class WireJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Unknown fields are ignored like TikTok does (checklist 40); numbers must be numbers.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        // Write '&' in upload URLs and '<' in embed_html as themselves, like TikTok, not as \u0026 escapes.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Reads a JSON body; null when it is empty or not JSON of the expected shape.</summary>
    public static async Task<T?> TryReadAsync<T>(HttpRequest request) where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, Options, request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A log id shaped like TikTok's: UTC timestamp then random upper-case hex.</summary>
    public static string NewLogId(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture)
        + Convert.ToHexString(RandomNumberGenerator.GetBytes(10));
}

public sealed record ApiError(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("log_id")] string LogId);

public sealed record ApiEnvelope(
    [property: JsonPropertyName("data")] object Data,
    [property: JsonPropertyName("error")] ApiError Error);

public sealed record OAuthError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string ErrorDescription,
    [property: JsonPropertyName("log_id")] string LogId);

public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] long ExpiresIn,
    [property: JsonPropertyName("open_id")] string OpenId,
    [property: JsonPropertyName("refresh_expires_in")] long RefreshExpiresIn,
    [property: JsonPropertyName("refresh_token")] string RefreshToken,
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("token_type")] string TokenType);

/// <summary>Builds the two response shapes: the data-API envelope and the flat OAuth error.</summary>
public static class Api
{
    public static IResult Ok(TikTokEmulatorState state, object data) =>
        Results.Json(new ApiEnvelope(data, new ApiError("ok", "", WireJson.NewLogId(state.Now))), WireJson.Options);

    public static IResult Error(TikTokEmulatorState state, int status, string code, string message, object? data = null) =>
        Results.Json(new ApiEnvelope(data ?? new Dictionary<string, object>(), new ApiError(code, message, WireJson.NewLogId(state.Now))),
            WireJson.Options, statusCode: status);

    public static IResult InvalidParam(TikTokEmulatorState state, string message) => Error(state, 400, "invalid_param", message);

    public static IResult OAuth(TikTokEmulatorState state, string error, string description) =>
        Results.Json(new OAuthError(error, description, WireJson.NewLogId(state.Now)), WireJson.Options,
            statusCode: state.Options.OAuthErrorStatusCode);

    public static TokenResponse Token(TikTokEmulatorState state, AccessToken access)
    {
        var now = state.Now;
        var grant = access.Grant;
        // Seconds left, rounded up so a token answered the instant it is issued reports the full 86400.
        return new TokenResponse(access.Value, (long)Math.Ceiling((access.ExpiresAt - now).TotalSeconds), grant.Creator.OpenId,
            (long)Math.Ceiling((grant.RefreshExpiresAt - now).TotalSeconds), grant.RefreshToken, grant.ScopeList, "Bearer");
    }
}
