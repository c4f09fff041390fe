using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StandardWebhooks;
using TikTokStudio.Web.Account;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Email;
using TikTokStudio.Web.Features.Activity;
using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Live;

namespace TikTokStudio.Web.Features.Webhooks;

/// <summary>
/// Sends due outbox rows. Safe with several instances on one database: a row is claimed by one conditional UPDATE
/// (pending, due, and not claimed or its claim expired) that stamps a claim token, and only rows carrying our token are
/// sent; the outcome is written only while the row still carries it. A claim outlives the receiver's timeout, so a
/// row is sent twice only when an instance dies mid-send, which at-least-once delivery allows (receivers dedupe by
/// <c>webhook-id</c>).
/// </summary>
public sealed partial class WebhookSender(
    IServiceScopeFactory scopes,
    IHttpClientFactory httpClients,
    IOptions<WebhookOptions> options,
    ILiveNotifier live,
    TimeProvider time,
    ILogger<WebhookSender> logger)
{
    public const string HttpClientName = "webhooks";
    public const int BatchSize = 64;
    public const string UserAgent = "TikTokStudio-Webhooks/1.0";

    /// <summary>A claim lasts this long: longer than a receiver may take, so a live sender never loses its row.</summary>
    public TimeSpan ClaimDuration => options.Value.Timeout + TimeSpan.FromSeconds(50);

    /// <summary>Sends what is due now (one batch); returns how many rows it sent.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var claimed = await ClaimAsync(ct);
        if (claimed.Count == 0) return 0;
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.MaxParallel), CancellationToken = ct },
            async (row, token) => await SendOneAsync(row.Id, row.Token, token));
        return claimed.Count;
    }

    private async Task<List<(Guid Id, Guid Token)>> ClaimAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var now = time.GetUtcNow();
        var due = await db.Set<WebhookDelivery>().IgnoreQueryFilters().AsNoTracking()
            .Where(d => d.State == WebhookDeliveryState.Pending && d.NextAttemptAt <= now && (d.ClaimedUntil == null || d.ClaimedUntil < now))
            .OrderBy(d => d.NextAttemptAt)
            .Select(d => d.Id)
            .Take(BatchSize)
            .ToListAsync(ct);
        if (due.Count == 0) return [];
        var token = Guid.NewGuid();
        var until = now + ClaimDuration;
        // The same conditions again, in the UPDATE itself: of two instances that read the same rows, each row goes to one.
        await db.Set<WebhookDelivery>().IgnoreQueryFilters()
            .Where(d => due.Contains(d.Id) && d.State == WebhookDeliveryState.Pending && (d.ClaimedUntil == null || d.ClaimedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedUntil, until).SetProperty(d => d.ClaimToken, token), ct);
        var mine = await db.Set<WebhookDelivery>().IgnoreQueryFilters().AsNoTracking()
            .Where(d => due.Contains(d.Id) && d.ClaimToken == token)
            .Select(d => d.Id).ToListAsync(ct);
        return mine.Select(id => (id, token)).ToList();
    }

    private async Task SendOneAsync(Guid deliveryId, Guid claim, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var delivery = await db.Set<WebhookDelivery>().IgnoreQueryFilters().FirstOrDefaultAsync(d => d.Id == deliveryId && d.ClaimToken == claim, ct);
        if (delivery is null) return;
        var endpoint = await db.Set<WebhookEndpoint>().IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(e => e.Id == delivery.EndpointId, ct);
        if (endpoint is null || !endpoint.Enabled)
        {
            await GiveUpAsync(db, delivery, "The endpoint was turned off before this event was sent.", ct);
            return;
        }
        var secret = scope.ServiceProvider.GetRequiredService<WebhookSecrets>().TryUnprotect(endpoint.ProtectedSecret);
        if (secret is null)
        {
            await GiveUpAsync(db, delivery, "The endpoint's signing secret can no longer be read (the encryption keys changed); rotate the secret.", ct);
            return;
        }

        var outcome = await PostAsync(endpoint.Url, secret, delivery.MessageId, delivery.Payload, ct);
        await RecordOutcomeAsync(scope.ServiceProvider, db, delivery, endpoint, claim, outcome, ct);
    }

    public sealed record Outcome(int? StatusCode, string? Excerpt, int DurationMs)
    {
        public bool Succeeded => StatusCode is >= 200 and < 300;
    }

    /// <summary>One signed POST: Standard Webhooks headers, the configured timeout, no redirects followed.</summary>
    public async Task<Outcome> PostAsync(string url, string secret, string messageId, string payload, CancellationToken ct)
    {
        var sentAt = time.GetUtcNow();
        var signature = new StandardWebhook(secret).Sign(messageId, sentAt, payload);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("webhook-id", messageId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", sentAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", signature);
        request.Headers.UserAgent.ParseAdd(UserAgent);

        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var excerpt = await ExcerptAsync(response, timeout.Token);
            return new((int)response.StatusCode, excerpt, Elapsed(started));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new(null, $"No answer within {options.Value.Timeout.TotalSeconds:0} s.", Elapsed(started));
        }
        catch (HttpRequestException e)
        {
            return new(null, "Could not connect: " + Truncate(e.Message, 300), Elapsed(started));
        }
    }

    private static async Task<string> ExcerptAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[WebhookAttempt.ExcerptMaxLength];
            var read = 0;
            while (read < buffer.Length && await body.ReadAsync(buffer.AsMemory(read), ct) is var n && n > 0) read += n;
            return Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
        {
            return "";
        }
    }

    private async Task RecordOutcomeAsync(IServiceProvider services, StudioDbContext db, WebhookDelivery delivery, WebhookEndpoint endpoint, Guid claim,
        Outcome outcome, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        delivery.Attempts++;
        delivery.LastAttemptAt = now;
        delivery.LastStatusCode = outcome.StatusCode;
        delivery.ClaimedUntil = null;
        delivery.ClaimToken = null;
        db.Set<WebhookAttempt>().Add(new WebhookAttempt
        {
            WorkspaceId = delivery.WorkspaceId, DeliveryId = delivery.Id, EndpointId = endpoint.Id, Number = delivery.Attempts, At = now,
            StatusCode = outcome.StatusCode, ResponseExcerpt = outcome.Excerpt is null ? null : Truncate(outcome.Excerpt, WebhookAttempt.ExcerptMaxLength),
            DurationMs = outcome.DurationMs,
        });

        string? disableReason = null;
        if (outcome.Succeeded)
        {
            delivery.State = WebhookDeliveryState.Delivered;
            delivery.DeliveredAt = now;
            delivery.NextAttemptAt = null;
        }
        else if (outcome.StatusCode == (int)HttpStatusCode.Gone)
        {
            delivery.State = WebhookDeliveryState.Failed;
            delivery.NextAttemptAt = null;
            delivery.GaveUpReason = "The receiver answered 410 Gone, so the endpoint was turned off.";
            disableReason = "The receiver answered 410 Gone (it asked not to be sent events any more).";
        }
        else if (WebhookRetrySchedule.NextAttempt(delivery.Attempts, now, Random.Shared) is { } next)
        {
            delivery.NextAttemptAt = next;
        }
        else
        {
            delivery.State = WebhookDeliveryState.Failed;
            delivery.NextAttemptAt = null;
            delivery.GaveUpReason = $"Not delivered after {delivery.Attempts} attempts over about two days.";
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return; // the row was deleted with its endpoint meanwhile
        }
        var endpoints = db.Set<WebhookEndpoint>().IgnoreQueryFilters().Where(e => e.Id == endpoint.Id);
        var disabledNow = false;
        if (outcome.Succeeded)
        {
            await endpoints.Where(e => e.FailingSince != null).ExecuteUpdateAsync(s => s.SetProperty(e => e.FailingSince, (DateTimeOffset?)null), ct);
        }
        else
        {
            await endpoints.Where(e => e.FailingSince == null).ExecuteUpdateAsync(s => s.SetProperty(e => e.FailingSince, now), ct);
            var failingSince = now - options.Value.DisableAfterFailingFor;
            disableReason ??= await endpoints.AnyAsync(e => e.Enabled && e.FailingSince <= failingSince, ct)
                ? $"Every delivery failed for {options.Value.DisableAfterFailingFor.TotalDays:0} days, so the endpoint was turned off."
                : null;
            if (disableReason is not null)
            {
                // Conditional: of several instances failing at once, one turns it off and tells the Admins.
                disabledNow = await endpoints.Where(e => e.Enabled).ExecuteUpdateAsync(s => s
                    .SetProperty(e => e.Enabled, false).SetProperty(e => e.DisabledAt, now).SetProperty(e => e.DisabledReason, disableReason), ct) == 1;
                if (disabledNow)
                {
                    await db.Set<WebhookDelivery>().IgnoreQueryFilters()
                        .Where(d => d.EndpointId == endpoint.Id && d.State == WebhookDeliveryState.Pending)
                        .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, WebhookDeliveryState.Failed).SetProperty(d => d.NextAttemptAt, (DateTimeOffset?)null)
                            .SetProperty(d => d.GaveUpReason, "Not sent (again): the endpoint was turned off. Resend it once the receiver works."), ct);
                    services.GetRequiredService<ActivityRecorder>().Record(db, endpoint.WorkspaceId, ActivityKinds.WebhookEndpointChanged,
                        $"Webhook endpoint {endpoint.Url} was turned off: {disableReason}", subjectId: endpoint.Id.ToString());
                    await db.SaveChangesAsync(ct);
                }
            }
        }
        await transaction.CommitAsync(ct);
        LogAttempt(logger, delivery.Id, endpoint.Id, delivery.Attempts, outcome.StatusCode, delivery.State);
        await live.ChangedAsync(delivery.WorkspaceId, WebhooksSetup.LiveEntity, endpoint.Id.ToString(), ct);
        if (disabledNow) await TellAdminsAsync(services, db, endpoint, disableReason!, ct);
    }

    private async Task GiveUpAsync(StudioDbContext db, WebhookDelivery delivery, string reason, CancellationToken ct)
    {
        delivery.State = WebhookDeliveryState.Failed;
        delivery.NextAttemptAt = null;
        delivery.ClaimedUntil = null;
        delivery.ClaimToken = null;
        delivery.GaveUpReason = reason;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { }
    }

    /// <summary>Emails the workspace's Owner and Admins that the endpoint was turned off, and why (the page shows the same).</summary>
    private async Task TellAdminsAsync(IServiceProvider services, StudioDbContext db, WebhookEndpoint endpoint, string reason, CancellationToken ct)
    {
        try
        {
            var emails = await db.Memberships.IgnoreQueryFilters()
                .Where(m => m.WorkspaceId == endpoint.WorkspaceId && (m.Role == WorkspaceRole.Admin || m.Role == WorkspaceRole.Owner))
                .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => u.Email)
                .Where(e => e != null).Select(e => e!).Distinct().ToListAsync(ct);
            var link = WebUtility.HtmlEncode(EmailLinks.ForJob(services, "app/settings/webhooks"));
            var body = $"<p>The webhook endpoint <strong>{WebUtility.HtmlEncode(endpoint.Url)}</strong> was turned off.</p>"
                + $"<p>{WebUtility.HtmlEncode(reason)}</p><p>Fix the receiver, then turn the endpoint on again and resend what it missed: "
                + $"<a href=\"{link}\">{link}</a></p>";
            var transport = services.GetRequiredService<IEmailTransport>();
            foreach (var email in emails) await transport.SendAsync(new EmailMessage(email, "A webhook endpoint was turned off", body), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogEmailFailed(logger, endpoint.Id, e.GetType().Name); // the page still shows it
        }
    }

    private static int Elapsed(long started) => (int)Math.Min(int.MaxValue, Stopwatch.GetElapsedTime(started).TotalMilliseconds);

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook delivery {DeliveryId} to endpoint {EndpointId}: attempt {Attempt} answered {StatusCode} ({State})")]
    private static partial void LogAttempt(ILogger logger, Guid deliveryId, Guid endpointId, int attempt, int? statusCode, WebhookDeliveryState state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Emailing the Admins about disabled webhook endpoint {EndpointId} failed ({Error})")]
    private static partial void LogEmailFailed(ILogger logger, Guid endpointId, string error);
}

/// <summary>This instance's sender loop: sends what is due, then sleeps until woken (a commit here) or the poll interval.</summary>
public sealed partial class WebhookSenderService(WebhookSender sender, WebhookWakeup wakeup, IOptions<WebhookOptions> options, ILogger<WebhookSenderService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SenderEnabled) return;
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await sender.SendDueAsync(stoppingToken) >= WebhookSender.BatchSize) continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogLoopFailed(logger, e); // e.g. the database is briefly unavailable; the rows wait for the next pass
            }
            try
            {
                await wakeup.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The webhook sender's pass failed")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);
}
