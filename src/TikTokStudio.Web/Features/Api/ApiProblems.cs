using System.Text.Json.Serialization;

namespace TikTokStudio.Web.Features.Api;

/// <summary>
/// RFC 9457 problem details as the API writes them. <see cref="Type"/> is a stable URI a client can switch on; the
/// title is the same for every problem of a type, the detail says what happened this time.
/// </summary>
public sealed record ApiProblem
{
    public const string Base = "https://tiktokstudio.dev/problems/";

    public required string Type { get; init; }
    public required string Title { get; init; }
    public required int Status { get; init; }
    public string? Detail { get; init; }

    /// <summary>Per field (JSON paths such as <c>accounts[1].privacy</c>), what is wrong with it.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    [JsonPropertyName("request_id")]
    public string? RequestId { get; init; }

    /// <summary>On a plan limit (403): where the workspace's Owner changes the plan.</summary>
    [JsonPropertyName("upgrade_url")]
    public string? UpgradeUrl { get; init; }

    /// <summary>On a planned limit (422): when the account can post next.</summary>
    [JsonPropertyName("next_available_at")]
    public DateTimeOffset? NextAvailableAt { get; init; }
}

/// <summary>The problem types of the API, one constructor each, so that a type always has the same title and status.</summary>
public static class ApiProblems
{
    public const string ContentType = "application/problem+json";

    public static ApiProblem Validation(string detail, IReadOnlyDictionary<string, string[]>? errors = null) =>
        new() { Type = ApiProblem.Base + "validation", Title = "The request is not valid.", Status = 422, Detail = detail, Errors = errors };

    public static ApiProblem Malformed(string detail) =>
        new() { Type = ApiProblem.Base + "malformed-request", Title = "The request could not be read.", Status = 400, Detail = detail };

    public static ApiProblem Unauthorized(string detail) =>
        new() { Type = ApiProblem.Base + "unauthorized", Title = "A valid API key is required.", Status = 401, Detail = detail };

    public static ApiProblem Forbidden(string detail) =>
        new() { Type = ApiProblem.Base + "forbidden", Title = "This key may not do that.", Status = 403, Detail = detail };

    public static ApiProblem NotFound(string detail = "There is nothing at this address, or it belongs to another workspace.") =>
        new() { Type = ApiProblem.Base + "not-found", Title = "Not found.", Status = 404, Detail = detail };

    public static ApiProblem MethodNotAllowed(string method) =>
        new() { Type = ApiProblem.Base + "method-not-allowed", Title = "This method is not allowed here.", Status = 405, Detail = $"{method} is not supported on this address." };

    public static ApiProblem Conflict(string detail) =>
        new() { Type = ApiProblem.Base + "conflict", Title = "The request conflicts with the resource's state.", Status = 409, Detail = detail };

    public static ApiProblem IdempotencyMismatch() =>
        new() { Type = ApiProblem.Base + "idempotency-key-reused", Title = "This Idempotency-Key was used for another request.", Status = 409,
            Detail = "The same Idempotency-Key was sent earlier with a different method, path or body. Use a new key for a new request." };

    public static ApiProblem IdempotencyInProgress() =>
        new() { Type = ApiProblem.Base + "idempotency-key-in-progress", Title = "A request with this Idempotency-Key is still running.", Status = 409,
            Detail = "Retry in a moment: the first request's result is then replayed." };

    public static ApiProblem UnsupportedMediaType(string detail) =>
        new() { Type = ApiProblem.Base + "unsupported-media-type", Title = "The body must be JSON.", Status = 415, Detail = detail };

    public static ApiProblem TooManyRequests(int retryAfterSeconds) =>
        new() { Type = ApiProblem.Base + "rate-limited", Title = "Too many requests with this key.", Status = 429,
            Detail = $"Slow down: retry in {retryAfterSeconds} s (see Retry-After and RateLimit-Reset)." };

    public static ApiProblem PlannedLimit(string detail, DateTimeOffset? nextAvailableAt, IReadOnlyDictionary<string, string[]>? errors = null) =>
        new() { Type = ApiProblem.Base + "planned-limit", Title = "An account's posting limit would be exceeded.", Status = 422, Detail = detail,
            Errors = errors, NextAvailableAt = nextAvailableAt };

    /// <summary>The workspace's plan (its features, limits, or a read-only workspace) does not allow this; the detail names the limit.</summary>
    public static ApiProblem PlanLimit(string detail, string upgradeUrl) =>
        new() { Type = ApiProblem.Base + "plan-limit", Title = "The workspace's plan does not allow this.", Status = 403, Detail = detail, UpgradeUrl = upgradeUrl };

    public static ApiProblem ServerError() =>
        new() { Type = ApiProblem.Base + "server-error", Title = "Something went wrong on our side.", Status = 500,
            Detail = "Nothing was changed that the response does not say. Retry with the same Idempotency-Key gets this same answer; the server log has the details under the request id." };

    /// <summary>The problem for a status some other layer (routing, the framework) answered with an empty body.</summary>
    public static ApiProblem ForStatus(int status, string method) => status switch
    {
        400 => Malformed("The request could not be read."),
        401 => Unauthorized("The request did not carry a valid API key."),
        403 => Forbidden("This key may not do that."),
        404 => NotFound(),
        405 => MethodNotAllowed(method),
        409 => Conflict("The request conflicts with the resource's state."),
        415 => UnsupportedMediaType("Send Content-Type: application/json."),
        429 => TooManyRequests(60),
        >= 500 => ServerError(),
        _ => new() { Type = "about:blank", Title = ReasonPhrase(status), Status = status },
    };

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";

    public static IResult Result(this ApiProblem problem, HttpContext http) =>
        Results.Json(problem with { RequestId = problem.RequestId ?? http.TraceIdentifier }, ApiJson.Options, ContentType, problem.Status);
}
