using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Billing;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Web.Features.Api;

/// <summary>
/// Everything every /api/v1 request goes through, in this order: the API key (no cookies count here, so no
/// antiforgery either: the key is the proof), the key's rate limits, the Idempotency-Key, and problem details for
/// whatever answers with an error and no body (routing's 404/405, a model-binding failure, an exception).
/// </summary>
public sealed partial class ApiMiddleware(RequestDelegate next, ApiRateLimiter limiter, IServiceScopeFactory scopes, TimeProvider time, ILogger<ApiMiddleware> log)
{
    public const string Prefix = "/api/v1";
    public const string OpenApiPath = "/api/v1/openapi.json";
    public const string IdempotencyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>How often "last used" is written at most: a write per request would cost more than the request.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>How long a request waits for a concurrent one with the same Idempotency-Key before answering 409.</summary>
    public static readonly TimeSpan IdempotencyWait = TimeSpan.FromSeconds(10);

    public async Task InvokeAsync(HttpContext http, WorkspaceContext workspace, StudioDbContext db)
    {
        // The app's friendly HTML status pages are for people; API clients read problem details.
        if (http.Features.Get<IStatusCodePagesFeature>() is { } statusPages) statusPages.Enabled = false;
        http.Response.Headers["X-Request-Id"] = http.TraceIdentifier;
        if (HttpMethods.IsGet(http.Request.Method) && http.Request.Path.Equals(OpenApiPath, StringComparison.OrdinalIgnoreCase))
        {
            await next(http);
            return;
        }

        var (key, refusal) = await AuthenticateAsync(http, workspace, db);
        if (key is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer realm=\"TikTok Studio API\"";
            await WriteAsync(http, ApiProblems.Unauthorized(refusal!));
            return;
        }

        // The API is a plan feature: a key of a workspace whose plan lacks it answers nothing but why.
        var plans = http.RequestServices.GetRequiredService<PlanEntitlements>();
        var standing = await plans.StandingAsync(http.RequestAborted);
        if (!standing.Plan.Has(PlanFeatures.ApiAndWebhooks))
        {
            await WriteAsync(http, ApiProblems.PlanLimit(PlanRules.MayUse(plans.Options, standing, PlanFeatures.ApiAndWebhooks).Reason!, PlanPermission.UpgradeUrl));
            return;
        }

        var isPostCreation = HttpMethods.IsPost(http.Request.Method) && http.Request.Path.Equals(Prefix + "/posts", StringComparison.OrdinalIgnoreCase);
        var decision = limiter.Acquire(key.Id, ApiRateLimiter.AllRequests);
        if (decision.Allowed && isPostCreation) decision = limiter.Acquire(key.Id, ApiRateLimiter.PostCreations);
        http.Response.Headers["RateLimit-Limit"] = decision.Limit.ToString();
        http.Response.Headers["RateLimit-Remaining"] = decision.Remaining.ToString();
        http.Response.Headers["RateLimit-Reset"] = decision.ResetSeconds.ToString();
        if (!decision.Allowed)
        {
            http.Response.Headers.RetryAfter = decision.ResetSeconds.ToString();
            await WriteAsync(http, ApiProblems.TooManyRequests(decision.ResetSeconds));
            return;
        }

        var method = http.Request.Method;
        var idempotent = (HttpMethods.IsPost(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method))
            && http.Request.Headers.ContainsKey(IdempotencyHeader)
            // tus has its own resume semantics (offsets), and its bodies are video bytes, not requests to remember.
            && !http.Request.Path.StartsWithSegments(Prefix + "/media/uploads");
        if (!idempotent)
        {
            await RunCapturedAsync(http, null, key);
            return;
        }

        var idempotencyKey = http.Request.Headers[IdempotencyHeader].ToString();
        if (idempotencyKey.Length is 0 or > IdempotencyRecord.KeyMaxLength)
        {
            await WriteAsync(http, ApiProblems.Malformed($"{IdempotencyHeader} must be 1 to {IdempotencyRecord.KeyMaxLength} characters (a UUID is a good choice)."));
            return;
        }
        var hash = await RequestHashAsync(http);
        var claim = await ClaimAsync(key, idempotencyKey, hash, http.RequestAborted);
        switch (claim)
        {
            case { Mismatch: true }:
                await WriteAsync(http, ApiProblems.IdempotencyMismatch());
                return;
            case { Stored: { } stored }:
                await ReplayAsync(http, stored);
                return;
            case { InProgress: true }:
                await WriteAsync(http, ApiProblems.IdempotencyInProgress());
                return;
        }
        await RunCapturedAsync(http, claim.RecordId, key);
    }

    private async Task<(ApiKey? Key, string? Refusal)> AuthenticateAsync(HttpContext http, WorkspaceContext workspace, StudioDbContext db)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (header.Length == 0) return (null, "No API key was sent. Send it as: Authorization: Bearer tts_live_…");
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return (null, "The Authorization header must be \"Bearer\" followed by the API key.");
        var secret = header["Bearer ".Length..].Trim();
        if (!secret.StartsWith(ApiKey.SecretPrefix, StringComparison.Ordinal))
            return (null, $"That is not a TikTok Studio API key (they start with {ApiKey.SecretPrefix}).");

        var hash = ApiKey.HashOf(secret);
        // Keys are looked up across workspaces on purpose: the key is what says which workspace this is.
        var key = await db.Set<ApiKey>().IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(k => k.SecretHash == hash, http.RequestAborted);
        var now = time.GetUtcNow();
        if (key is null) return (null, "This API key is not known: it may be mistyped, or it was deleted with its workspace.");
        if (key.RevokedAt is { } revoked) return (null, $"This API key was revoked on {revoked:yyyy-MM-dd HH:mm} UTC. Create a new key on the API keys page.");
        if (key.IsExpired(now)) return (null, $"This API key expired on {key.ExpiresAt:yyyy-MM-dd HH:mm} UTC. Create a new key on the API keys page.");

        // A key acts for the member who made it, and never with more than that member has now.
        var creator = await db.Memberships.IgnoreQueryFilters().AsNoTracking()
            .Where(m => m.WorkspaceId == key.WorkspaceId && m.UserId == key.CreatedByUserId).Select(m => (WorkspaceRole?)m.Role)
            .FirstOrDefaultAsync(http.RequestAborted);
        if (creator is not { } creatorRole) return (null, "The member who created this API key has left the workspace, so the key no longer works. Create a new key.");
        var ws = await db.Workspaces.AsNoTracking().FirstAsync(w => w.Id == key.WorkspaceId, http.RequestAborted);
        var role = key.Role <= creatorRole ? key.Role : creatorRole;

        workspace.Resolve(key.CreatedByUserId, ws, role, [(ws.Id, ws.Name, role)]);
        workspace.UserName = key.CreatedByName;
        workspace.ApiKey = (key.Id, key.Name);
        workspace.AccountScope = key.AccountScope;
        workspace.ClientIp = http.Connection.RemoteIpAddress?.ToString();

        if (key.LastUsedAt is not { } last || now - last >= LastUsedResolution || key.LastUsedIp != workspace.ClientIp)
        {
            var ip = workspace.ClientIp;
            await db.Set<ApiKey>().IgnoreQueryFilters().Where(k => k.Id == key.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(k => k.LastUsedAt, now).SetProperty(k => k.LastUsedIp, ip), http.RequestAborted);
        }
        return (key, null);
    }

    /// <summary>SHA-256 of method, path (with query) and body; the body is buffered so the endpoint can still read it.</summary>
    private static async Task<string> RequestHashAsync(HttpContext http)
    {
        http.Request.EnableBuffering();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{http.Request.Method}\n{http.Request.Path}{http.Request.QueryString}\n"));
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(buffer, http.RequestAborted)) > 0) sha.AppendData(buffer, 0, read);
        http.Request.Body.Position = 0;
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private sealed record Claim(long? RecordId = null, IdempotencyRecord? Stored = null, bool Mismatch = false, bool InProgress = false);

    /// <summary>
    /// Inserts the record before the request runs: the unique index on (key, Idempotency-Key) lets exactly one of two
    /// concurrent requests win. The loser waits for the winner's stored response, or gives up with "in progress".
    /// </summary>
    private async Task<Claim> ClaimAsync(ApiKey key, string idempotencyKey, string hash, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + IdempotencyWait;
        for (var attempt = 0; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            var now = time.GetUtcNow();
            var existing = await db.Set<IdempotencyRecord>().IgnoreQueryFilters().AsNoTracking()
                .FirstOrDefaultAsync(r => r.ApiKeyId == key.Id && r.Key == idempotencyKey, ct);
            if (existing is not null && existing.CreatedAt <= now - IdempotencyRecord.Lifetime)
            {
                // Past its 24 hours the key is free again (the cleanup may not have run yet).
                await db.Set<IdempotencyRecord>().IgnoreQueryFilters().Where(r => r.Id == existing.Id).ExecuteDeleteAsync(ct);
                existing = null;
            }
            if (existing is null)
            {
                var record = new IdempotencyRecord { WorkspaceId = key.WorkspaceId, ApiKeyId = key.Id, Key = idempotencyKey, RequestHash = hash, CreatedAt = now };
                db.Add(record);
                try
                {
                    await db.SaveChangesAsync(ct);
                    return new(RecordId: record.Id);
                }
                catch (DbUpdateException)
                {
                    // Another request with this key inserted first: read what it is doing.
                    continue;
                }
            }
            if (existing.RequestHash != hash) return new(Mismatch: true);
            if (existing.CompletedAt is not null) return new(Stored: existing);
            if (time.GetUtcNow() >= deadline || attempt > 200) return new(InProgress: true);
            await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
        }
    }

    private async Task ReplayAsync(HttpContext http, IdempotencyRecord stored)
    {
        http.Response.StatusCode = stored.StatusCode ?? 500;
        http.Response.Headers[ReplayedHeader] = "true";
        if (stored.Location is not null) http.Response.Headers.Location = stored.Location;
        if (stored.ContentType is not null) http.Response.ContentType = stored.ContentType;
        if (stored.Body is { Length: > 0 } body) await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    /// <summary>Runs the endpoint with its response buffered: an empty error gets problem details, and an idempotent request's answer is stored.</summary>
    private async Task RunCapturedAsync(HttpContext http, long? recordId, ApiKey key)
    {
        var original = http.Response.Body;
        await using var captured = new MemoryStream();
        http.Response.Body = captured;
        try
        {
            try
            {
                await next(http);
            }
            catch (BadHttpRequestException bad)
            {
                captured.SetLength(0);
                await WriteAsync(http, bad.StatusCode == StatusCodes.Status415UnsupportedMediaType
                    ? ApiProblems.UnsupportedMediaType(bad.Message) : ApiProblems.Malformed(bad.Message) with { Status = bad.StatusCode });
            }
            catch (Exception ex) when (!http.RequestAborted.IsCancellationRequested)
            {
                LogFailed(log, http.Request.Method, http.Request.Path, http.TraceIdentifier, ex);
                captured.SetLength(0);
                http.Response.Headers.Remove("Location");
                await WriteAsync(http, ApiProblems.ServerError());
            }
            if (captured.Length == 0 && http.Response.StatusCode >= 400)
            {
                await WriteAsync(http, ApiProblems.ForStatus(http.Response.StatusCode, http.Request.Method));
            }
        }
        finally
        {
            http.Response.Body = original;
        }

        if (recordId is { } id)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            var body = captured.ToArray();
            var status = http.Response.StatusCode;
            var contentType = http.Response.ContentType;
            var location = http.Response.Headers.Location.ToString() is { Length: > 0 } l ? l : null;
            var completed = time.GetUtcNow();
            // Not the request's token: the answer must be stored even when the client hung up meanwhile.
            await db.Set<IdempotencyRecord>().IgnoreQueryFilters().Where(r => r.Id == id).ExecuteUpdateAsync(set => set
                .SetProperty(r => r.StatusCode, status).SetProperty(r => r.ContentType, contentType)
                .SetProperty(r => r.Location, location).SetProperty(r => r.Body, body).SetProperty(r => r.CompletedAt, completed));
        }
        captured.Position = 0;
        await captured.CopyToAsync(original, http.RequestAborted);
    }

    private static async Task WriteAsync(HttpContext http, ApiProblem problem)
    {
        http.Response.StatusCode = problem.Status;
        http.Response.ContentType = ApiProblems.ContentType;
        await JsonSerializer.SerializeAsync(http.Response.Body, problem with { RequestId = http.TraceIdentifier }, ApiJson.Options, http.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "API request {Method} {Path} failed (request {RequestId})")]
    private static partial void LogFailed(ILogger logger, string method, string path, string requestId, Exception ex);
}
