using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TikTokStudio.TikTok.Errors;
using TikTokStudio.TikTok.Internal;

namespace TikTokStudio.TikTok.Auth;

/// <summary>Login Kit for Web, OAuth v2 (§2): authorize URL, code exchange, refresh, revoke.</summary>
public sealed class TikTokAuthClient(HttpClient http, IOptions<TikTokOptions> options, ILogger<TikTokAuthClient> logger)
{
    private readonly TikTokOptions _options = options.Value;

    /// <summary>
    /// <c>{AuthorizeBaseUrl}/v2/auth/authorize/?client_key&amp;scope&amp;response_type=code&amp;redirect_uri&amp;state
    /// &amp;code_challenge&amp;code_challenge_method=S256</c>, every value form-urlencoded (UTF-8).
    /// </summary>
    public Uri BuildAuthorizeUrl(TikTokAuthorizeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Scopes.Count == 0) throw new ArgumentException("At least one scope is required.", nameof(request));
        ArgumentException.ThrowIfNullOrEmpty(request.RedirectUri);
        ArgumentException.ThrowIfNullOrEmpty(request.State);

        var query = new List<KeyValuePair<string, string>>
        {
            new("client_key", _options.ClientKey),
            new("scope", string.Join(',', request.Scopes)),
            new("response_type", "code"),
            new("redirect_uri", request.RedirectUri),
            new("state", request.State),
            new("code_challenge", TikTokPkce.ComputeChallenge(request.CodeVerifier)),
            new("code_challenge_method", "S256"),
        };
        if (request.DisableAutoAuth is { } disable) query.Add(new("disable_auto_auth", disable.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var sb = new StringBuilder(_options.AuthorizeBaseUrl.TrimEnd('/')).Append("/v2/auth/authorize/?");
        for (var i = 0; i < query.Count; i++)
        {
            if (i > 0) sb.Append('&');
            sb.Append(Uri.EscapeDataString(query[i].Key)).Append('=').Append(Uri.EscapeDataString(query[i].Value));
        }
        return new Uri(sb.ToString(), UriKind.Absolute);
    }

    /// <summary>Exchanges the callback's <c>code</c> (already URL-decoded, as ASP.NET gives it) for tokens.</summary>
    public Task<TikTokToken> ExchangeCodeAsync(string code, string redirectUri, string codeVerifier, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        ArgumentException.ThrowIfNullOrEmpty(redirectUri);
        ArgumentException.ThrowIfNullOrEmpty(codeVerifier);
        return PostTokenAsync(
        [
            new("client_key", _options.ClientKey),
            new("client_secret", _options.ClientSecret),
            new("code", code),
            new("grant_type", "authorization_code"),
            new("redirect_uri", redirectUri),
            new("code_verifier", codeVerifier),
        ], cancellationToken);
    }

    /// <summary>Gets a new access token. The returned <see cref="TikTokToken.RefreshToken"/> replaces the old one.</summary>
    public Task<TikTokToken> RefreshAsync(string refreshToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(refreshToken);
        return PostTokenAsync(
        [
            new("client_key", _options.ClientKey),
            new("client_secret", _options.ClientSecret),
            new("grant_type", "refresh_token"),
            new("refresh_token", refreshToken),
        ], cancellationToken);
    }

    /// <summary>Revokes the access token (and with it the app's access); success has an empty body (§2.6).</summary>
    public async Task RevokeAsync(string accessToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        await PostFormAsync("/v2/oauth/revoke/",
        [
            new("client_key", _options.ClientKey),
            new("client_secret", _options.ClientSecret),
            new("token", accessToken),
        ], cancellationToken).ConfigureAwait(false);
    }

    private async Task<TikTokToken> PostTokenAsync(KeyValuePair<string, string>[] form, CancellationToken cancellationToken)
    {
        var body = await PostFormAsync("/v2/oauth/token/", form, cancellationToken).ConfigureAwait(false);
        TokenBody? token;
        try
        {
            token = JsonSerializer.Deserialize<TokenBody>(body, TikTokJson.Options);
        }
        catch (JsonException ex)
        {
            throw new TikTokApiException("unexpected_response", "The token reply was not JSON.", 200, null,
                TikTokErrorClass.Transient, TikTokErrorSource.OAuth, innerException: ex);
        }
        if (token is null || string.IsNullOrEmpty(token.AccessToken) || string.IsNullOrEmpty(token.RefreshToken))
        {
            throw new TikTokApiException("unexpected_response", "The token reply had no access_token or refresh_token.", 200,
                token?.LogId, TikTokErrorClass.Permanent, TikTokErrorSource.OAuth);
        }
        return new TikTokToken
        {
            AccessToken = token.AccessToken,
            ExpiresIn = token.ExpiresIn,
            OpenId = token.OpenId ?? "",
            RefreshToken = token.RefreshToken,
            RefreshExpiresIn = token.RefreshExpiresIn,
            Scope = token.Scope ?? "",
            TokenType = token.TokenType ?? "",
        };
    }

    /// <summary>POSTs a form; OAuth errors are recognised by an <c>error</c> key whatever the HTTP status (§2.7).</summary>
    private async Task<byte[]> PostFormAsync(string path, KeyValuePair<string, string>[] form, CancellationToken cancellationToken)
    {
        var url = EndpointUrls.Combine(_options.ApiBaseUrl, path);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new TikTokApiException("", ex.Message, null, null, TikTokErrorClass.Transient, TikTokErrorSource.OAuth, innerException: ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TikTokApiException("", "The request to TikTok timed out.", null, null, TikTokErrorClass.Transient, TikTokErrorSource.OAuth, innerException: ex);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            OAuthErrorBody? error = null;
            if (body.Length > 0)
            {
                try { error = JsonSerializer.Deserialize<OAuthErrorBody>(body, TikTokJson.Options); }
                catch (JsonException) { /* not JSON: judged by status below */ }
            }

            if (!string.IsNullOrEmpty(error?.Error))
            {
                Log.ApiCallFailed(logger, path, status, error.Error, error.LogId);
                throw new TikTokApiException(error.Error, error.ErrorDescription, status, error.LogId,
                    TikTokErrorCatalog.Classify(TikTokErrorSource.OAuth, error.Error, status), TikTokErrorSource.OAuth);
            }
            if (!response.IsSuccessStatusCode)
            {
                Log.ApiCallFailed(logger, path, status, "", null);
                throw new TikTokApiException("", null, status, null,
                    TikTokErrorCatalog.Classify(TikTokErrorSource.OAuth, null, status), TikTokErrorSource.OAuth);
            }
            Log.ApiCallCompleted(logger, path, status);
            return body;
        }
    }

    private sealed class TokenBody
    {
        public string? AccessToken { get; init; }
        public long ExpiresIn { get; init; }
        public string? OpenId { get; init; }
        public long RefreshExpiresIn { get; init; }
        public string? RefreshToken { get; init; }
        public string? Scope { get; init; }
        public string? TokenType { get; init; }
        public string? LogId { get; init; }
    }

    private sealed class OAuthErrorBody
    {
        // "error" is a string in OAuth replies; a data-API-shaped object here would fail to bind and be ignored.
        [JsonConverter(typeof(StringOrIgnoreConverter))]
        public string? Error { get; init; }
        public string? ErrorDescription { get; init; }
        public string? LogId { get; init; }
    }

    private sealed class StringOrIgnoreConverter : JsonConverter<string?>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String) return reader.GetString();
            reader.Skip();
            return null;
        }

        public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }
}
