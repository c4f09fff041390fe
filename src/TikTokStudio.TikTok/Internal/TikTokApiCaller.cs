using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using TikTokStudio.TikTok.Errors;
using TikTokStudio.TikTok.RateLimiting;

namespace TikTokStudio.TikTok.Internal;

/// <summary>
/// The common path of every data API call: take from the per-token budget, send with the bearer token, and turn the
/// <c>{data, error}</c> envelope into a result or a <see cref="TikTokApiException"/>. Success means
/// <c>error.code == "ok"</c>, whatever the HTTP status (creator_info reports caps with HTTP 200, §4).
/// </summary>
internal sealed class TikTokApiCaller(HttpClient http, ITikTokRequestBudget limiter, TikTokOptions options, ILogger logger)
{
    private static readonly TimeSpan MaxBudgetPoll = TimeSpan.FromSeconds(1);

    public async Task<T?> SendAsync<T>(
        HttpMethod method,
        Uri url,
        string accessToken,
        TikTokEndpoint? budget,
        HttpContent? content,
        bool requireData,
        CancellationToken cancellationToken)
        where T : class =>
        (await SendWithLogIdAsync<T>(method, url, accessToken, budget, content, requireData, cancellationToken).ConfigureAwait(false)).Data;

    /// <summary>As <see cref="SendAsync{T}"/>, with the log id of a successful reply too (TikTok support asks for it about a post).</summary>
    public async Task<(T? Data, string? LogId)> SendWithLogIdAsync<T>(
        HttpMethod method,
        Uri url,
        string accessToken,
        TikTokEndpoint? budget,
        HttpContent? content,
        bool requireData,
        CancellationToken cancellationToken)
        where T : class
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        var endpointName = url.AbsolutePath;

        if (budget is { } endpoint)
        {
            var wait = await limiter.TryAcquireAsync(accessToken, endpoint, cancellationToken).ConfigureAwait(false);
            if (wait > TimeSpan.Zero && options.WaitWhenRateLimited)
            {
                Log.WaitingForBudget(logger, endpointName);
                while (wait > TimeSpan.Zero)
                {
                    // At most a second at a time: a shared budget may free up earlier (another instance's 429 handling, a clock step).
                    await Task.Delay(wait < MaxBudgetPoll ? wait : MaxBudgetPoll, limiter.Time, cancellationToken).ConfigureAwait(false);
                    wait = await limiter.TryAcquireAsync(accessToken, endpoint, cancellationToken).ConfigureAwait(false);
                }
            }
            else if (wait > TimeSpan.Zero)
            {
                // Not sent at all: HttpStatus stays null so callers can tell our budget from TikTok's 429.
                throw new TikTokApiException("rate_limit_exceeded", "Per-token request budget used up; not sent.", null, null,
                    TikTokErrorClass.RateLimited, retryAfter: wait);
            }
        }

        using var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new TikTokApiException("", ex.Message, null, null, TikTokErrorClass.Transient, innerException: ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TikTokApiException("", "The request to TikTok timed out.", null, null, TikTokErrorClass.Transient, innerException: ex);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);

            if (response.StatusCode == HttpStatusCode.TooManyRequests && budget is { } limited)
            {
                await limiter.MarkExhaustedAsync(accessToken, limited, cancellationToken).ConfigureAwait(false);
                Log.RateLimitedByTikTok(logger, endpointName);
            }

            // Two steps: read error first, data only on success. An error reply may carry a partial or empty
            // "data" that would not bind to T, and that must not hide TikTok's error code.
            TikTokEnvelopeError? error = null;
            JsonElement data = default;
            var parsed = false;
            try
            {
                if (body.Length > 0)
                {
                    using var doc = JsonDocument.Parse(body);
                    if (doc.RootElement.ValueKind == JsonValueKind.Object)
                    {
                        parsed = true;
                        if (doc.RootElement.TryGetProperty("error", out var errorElement) && errorElement.ValueKind == JsonValueKind.Object)
                            error = errorElement.Deserialize<TikTokEnvelopeError>(TikTokJson.Options);
                        if (doc.RootElement.TryGetProperty("data", out var dataElement))
                            data = dataElement.Clone();
                    }
                }
            }
            catch (JsonException)
            {
                // A proxy's HTML error page or a truncated body: classified by status below.
            }

            var code = error?.Code;
            var logId = error?.EffectiveLogId;
            string? message = error?.Message;
            if (response.IsSuccessStatusCode && code == "ok")
            {
                T? result = null;
                try
                {
                    if (data.ValueKind == JsonValueKind.Object) result = data.Deserialize<T>(TikTokJson.Options);
                }
                catch (JsonException ex)
                {
                    message = "TikTok's data did not match the documented shape: " + ex.Message;
                }
                if (result is not null || !requireData)
                {
                    Log.ApiCallCompleted(logger, endpointName, status);
                    return (result, logId);
                }
                code = "unexpected_response";
                if (string.IsNullOrEmpty(message)) message = "TikTok's reply had no data.";
            }
            else if (response.IsSuccessStatusCode && code is null)
            {
                code = "unexpected_response";
                message = parsed ? "TikTok's reply had no error object." : "TikTok's reply was not JSON.";
            }

            code ??= "";
            Log.ApiCallFailed(logger, endpointName, status, code, logId);
            var classification = code == "unexpected_response"
                ? TikTokErrorClass.Permanent
                : TikTokErrorCatalog.Classify(TikTokErrorSource.Api, code, status);
            if (status == 429) classification = TikTokErrorClass.RateLimited;
            throw new TikTokApiException(code, message, status, logId, classification,
                retryAfter: classification == TikTokErrorClass.RateLimited ? TikTokRateLimiter.Window : null);
        }
    }
}
