using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Features.Posts.Calendar;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Email;
using TikTokStudio.Web.Features.Activity;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Webhooks;

namespace TikTokStudio.Tests.Features.Webhooks;

/// <summary>The outbox and its sender through the real app: what a receiver gets, when, and what the app does when it fails.</summary>
public sealed class WebhookDeliveryTests : IAsyncLifetime
{
    private WebhookReceiver receiver = default!;

    public async Task InitializeAsync() => receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    [Fact]
    public async Task A_Recorded_Event_Reaches_The_Receiver_Signed_So_A_Standard_Webhooks_Library_Verifies_It()
    {
        using var app = new StudioAppFactory();
        var (user, workspace) = await app.CreateUserAsync();
        var (_, secret) = await WebhookTestKit.AddEndpointAsync(app, user.Id, receiver.Url);
        var account = await PostsTestData.AddAccountAsync(app, workspace.Id, "hooked");

        await WebhookTestKit.RecordAsync(app, workspace.Id, ActivityKinds.AccountConnected, "Connected @hooked", accountId: account.Id);

        var got = Assert.Single(await receiver.WaitForAsync(r => r.Type == ActivityKinds.AccountConnected));
        got.Verify(secret); // throws on a bad signature
        Assert.StartsWith("msg_", got.Id);
        Assert.Equal("application/json; charset=utf-8", got.Headers.ContentType.ToString());
        var json = got.Json;
        Assert.True(DateTimeOffset.TryParse(json.GetProperty("timestamp").GetString(), out _));
        var data = json.GetProperty("data");
        Assert.Equal(workspace.Id, data.GetProperty("workspace_id").GetGuid());
        Assert.Equal(account.Id, data.GetProperty("account").GetProperty("id").GetGuid());
        Assert.Equal("hooked", data.GetProperty("account").GetProperty("username").GetString());
        Assert.Equal("system", data.GetProperty("actor").GetProperty("kind").GetString());
        var tampered = got with { Body = got.Body.Replace("hooked", "hacked") };
        Assert.ThrowsAny<Exception>(() => tampered.Verify(secret));
        Assert.ThrowsAny<Exception>(() => got.Verify(WebhookSecrets.NewSecret()));

        var delivery = Assert.Single(await WebhookTestKit.DeliveriesAsync(app, workspace.Id));
        await WaitUntilAsync(async () => (await WebhookTestKit.DeliveriesAsync(app, workspace.Id)).Single().State == WebhookDeliveryState.Delivered);
        Assert.Equal(got.Id, delivery.MessageId);
    }

    [Fact]
    public async Task Only_Enabled_Endpoints_Subscribed_To_The_Event_Get_A_Row_And_Kinds_That_Are_No_Event_Get_None()
    {
        using var app = new StudioAppFactory(settings: WebhookTestKit.SenderOff);
        var (user, workspace) = await app.CreateUserAsync();
        var (mediaOnly, _) = await WebhookTestKit.AddEndpointAsync(app, user.Id, receiver.Url, [ActivityKinds.MediaReady]);
        var (all, _) = await WebhookTestKit.AddEndpointAsync(app, user.Id, receiver.Url);
        var (off, _) = await WebhookTestKit.AddEndpointAsync(app, user.Id, receiver.Url);
        await app.Services.AsUserAsync(user.Id, sp => sp.GetRequiredService<WebhookEndpoints>()
            .UpdateAsync(off, new EndpointInput(receiver.Url.ToString(), "", true, [], Enabled: false), CancellationToken.None));

        await WebhookTestKit.RecordAsync(app, workspace.Id, ActivityKinds.PostFailed, postId: Guid.NewGuid());
        await WebhookTestKit.RecordAsync(app, workspace.Id, ActivityKinds.MemberInvited); // the log only, no webhook event
        await WebhookTestKit.RecordAsync(app, workspace.Id, ActivityKinds.MediaReady, subjectId: Guid.NewGuid().ToString());

        var rows = await WebhookTestKit.DeliveriesAsync(app, workspace.Id);
        Assert.Equal([(mediaOnly, ActivityKinds.MediaReady), (all, ActivityKinds.MediaReady), (all, ActivityKinds.PostFailed)],
            rows.Select(r => (r.EndpointId, r.EventType)).OrderBy(r => r.EventType).ThenBy(r => r.EndpointId == all).ToList());
        // One event, one webhook-id, whichever endpoints it goes to.
        Assert.Single(rows.Where(r => r.EventType == ActivityKinds.MediaReady).Select(r => r.MessageId).Distinct());
    }

    [Fact]
    public async Task A_Change_That_Rolls_Back_Leaves_No_Event_To_Send()
    {
        using var app = new StudioAppFactory(settings: WebhookTestKit.SenderOff);
        var (user, workspace) = await app.CreateUserAsync();
        await WebhookTestKit.AddEndpointAsync(app, user.Id, receiver.Url);

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            scope.ServiceProvider.GetRequiredService<ActivityRecorder>().Record(db, workspace.Id, ActivityKinds.PostPublished, "Published", Guid.NewGuid());
            await db.SaveChangesAsync();
            Assert.Single(await db.Set<WebhookDelivery>().IgnoreQueryFilters().Where(d => d.WorkspaceId == workspace.Id).ToListAsync()); // written...
            await transaction.RollbackAsync(); // ...and gone with the change
        }

        Assert.Empty(await WebhookTestKit.DeliveriesAsync(app, workspace.Id));
        Assert.Equal(0, await WebhookTestKit.SendDueAsync(app));
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task An_Event_Committed_Before_The_App_Died_Is_Sent_By_The_Next_Start()
    {
        var directory = Path.Combine(Path.GetTempPath(), "tiktok-studio-tests", Guid.NewGuid().ToString("N"));
        Guid workspaceId;
        string secret;
        string messageId;
        using (var first = new StudioAppFactory(directory, settings: WebhookTestKit.SenderOff) { KeepDataDirectory = true })
        {
            var (user, workspace) = await first.CreateUserAsync();
            workspaceId = workspace.Id;
            (_, secret) = await WebhookTestKit.AddEndpointAsync(first, user.Id, receiver.Url);
            await WebhookTestKit.RecordAsync(first, workspace.Id, ActivityKinds.PostMissed, "Missed", Guid.NewGuid());
            messageId = Assert.Single(await WebhookTestKit.DeliveriesAsync(first, workspace.Id)).MessageId;
            // The process ends here: committed, never sent.
        }
        Assert.Empty(receiver.Received);

        using var second = new StudioAppFactory(directory);
        _ = second.Services; // starts the host, and with it the sender
        var got = Assert.Single(await receiver.WaitForAsync(r => r.Type == ActivityKinds.PostMissed));
        got.Verify(secret);
        Assert.Equal(messageId, got.Id);
        await WaitUntilAsync(async () => (await WebhookTestKit.DeliveriesAsync(second, workspaceId)).Single().State == WebhookDeliveryState.Delivered);
    }

    [Fact]
    public async Task A_Failing_Receiver_Is_Retried_On_The_Schedule_And_Then_Given_Up()
    {
        using var app = new StudioAppFactory(settings: WebhookTestKit.SenderOff);
        var (user, workspace) = await app.CreateUserAsync();
        await WebhookTestKit.AddEndpointAsync(app, user.Id, receiver.Url);
        receiver.Status = 500;
        await WebhookTestKit.RecordAsync(app, workspace.Id, ActivityKinds.PostFailed, postId: Guid.NewGuid());

        Assert.Equal(1, await WebhookTestKit.SendDueAsync(app)); // immediately
        var expected = new[] { 5.0, 300, 1800, 7200, 18000, 36000, 86400 };
        for (var attempt = 1; attempt <= expected.Length; attempt++)
        {
            var row = Assert.Single(await WebhookTestKit.DeliveriesAsync(app, workspace.Id));
            Assert.Equal(WebhookDeliveryState.Pending, row.State);
            Assert.Equal(attempt, row.Attempts);
            Assert.Equal(500, row.LastStatusCode);
            var wait = (row.NextAttemptAt!.Value - row.LastAttemptAt!.Value).TotalSeconds;
            Assert.InRange(wait, expected[attempt - 1] * 0.9 - 0.01, expected[attempt - 1] * 1.1 + 0.01); // the schedule, with its jitter

            app.Clock.Advance(TimeSpan.FromSeconds(wait * 0.5));
            Assert.Equal(0, await WebhookTestKit.SendDueAsync(app)); // not before it is due
            app.Clock.Advance(TimeSpan.FromSeconds(wait * 0.5 + 1));
            Assert.Equal(1, await WebhookTestKit.SendDueAsync(app));
        }

        var last = Assert.Single(await WebhookTestKit.DeliveriesAsync(app, workspace.Id));
        Assert.Equal(WebhookDeliveryState.Failed, last.State);
        Assert.Equal(WebhookRetrySchedule.MaxAttempts, last.Attempts);
        Assert.Null(last.NextAttemptAt);
        Assert.Equal(8, receiver.Received.Count);
        Assert.Single(receiver.Received.Select(r => r.Id).Distinct()); // every retry is the same message
        var attempts = await app.RowsOfAsync<WebhookAttempt>(workspace.Id);
        Assert.Equal(Enumerable.Range(1, 8), attempts.Select(a => a.Number).Order());
        Assert.All(attempts, a => Assert.Equal("receiver says no", a.ResponseExcerpt));
    }

    [Fact]
    public async Task A_410_Turns_The_Endpoint_Off_And_Stops_What_Was_Waiting_For_It()
    {
        using var app = new StudioAppFactory(settings: WebhookTestKit.SenderOff);
        var (user, workspace) = await app.CreateUserAsync();
        var (endpointId, _) = await WebhookTestKit.AddEndpointAsync(app, user.Id, receiver.Url);
        receiver.Status = 410;
        await WebhookTestKit.RecordAsync(app, workspace.Id, ActivityKinds.PostPublished, postId: Guid.NewGuid());
        await WebhookTestKit.SendDueAsync(app);
        receiver.Status = 200;

        var endpoint = await WebhookTestKit.EndpointAsync(app, endpointId);
        Assert.False(endpoint.Enabled);
        Assert.Contains("410", endpoint.DisabledReason);
        var row = Assert.Single(await WebhookTestKit.DeliveriesAsync(app, workspace.Id));
        Assert.Equal(WebhookDeliveryState.Failed, row.State);
        // Nothing more is written for it, nor sent.
        await WebhookTestKit.RecordAsync(app, workspace.Id, ActivityKinds.PostPublished, postId: Guid.NewGuid());
        Assert.Single(await WebhookTestKit.DeliveriesAsync(app, workspace.Id));
        Assert.Equal(0, await WebhookTestKit.SendDueAsync(app));
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task An_Endpoint_Failing_For_Three_Days_Is_Turned_Off_And_Its_Admins_Are_Emailed()
    {
        using var app = new StudioAppFactory(settings: WebhookTestKit.SenderOff);
        var (owner, workspace) = await app.CreateUserAsync();
        var (endpointId, _) = await WebhookTestKit.AddEndpointAsync(app, owner.Id, receiver.Url);
        receiver.Status = 503;
        await WebhookTestKit.RecordAsync(app, workspace.Id, ActivityKinds.PostFailed, postId: Guid.NewGuid());
        await WebhookTestKit.SendDueAsync(app);
        Assert.NotNull((await WebhookTestKit.EndpointAsync(app, endpointId)).FailingSince);

        app.Clock.Advance(TimeSpan.FromDays(2));
        await WebhookTestKit.RecordAsync(app, workspace.Id, ActivityKinds.PostFailed, postId: Guid.NewGuid());
        await WebhookTestKit.SendDueAsync(app);
        Assert.True((await WebhookTestKit.EndpointAsync(app, endpointId)).Enabled); // two days: still trying

        app.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await WebhookTestKit.SendDueAsync(app); // the retries due by now fail again

        var endpoint = await WebhookTestKit.EndpointAsync(app, endpointId);
        Assert.False(endpoint.Enabled);
        Assert.Contains("3 days", endpoint.DisabledReason);
        Assert.All(await WebhookTestKit.DeliveriesAsync(app, workspace.Id), d => Assert.Equal(WebhookDeliveryState.Failed, d.State));
        using var scope = app.Services.CreateScope();
        var mail = await scope.ServiceProvider.GetRequiredService<StudioDbContext>().OutboxEmails.AsNoTracking()
            .Where(m => m.To == owner.Email && m.Subject == "A webhook endpoint was turned off").ToListAsync();
        Assert.Contains(receiver.Url.ToString(), Assert.Single(mail).HtmlBody);
        var log = await app.RowsOfAsync<ActivityEntry>(workspace.Id);
        Assert.Contains(log, e => e.Kind == ActivityKinds.WebhookEndpointChanged && e.Summary.Contains("turned off"));
    }

    [Fact]
    public async Task A_Success_Clears_The_Failure_Clock()
    {
        using var app = new StudioAppFactory(settings: WebhookTestKit.SenderOff);
        var (user, workspace) = await app.CreateUserAsync();
        var (endpointId, _) = await WebhookTestKit.AddEndpointAsync(app, user.Id, receiver.Url);
        receiver.Status = 500;
        await WebhookTestKit.RecordAsync(app, workspace.Id, ActivityKinds.PostFailed, postId: Guid.NewGuid());
        await WebhookTestKit.SendDueAsync(app);
        receiver.Status = 200;
        app.Clock.Advance(TimeSpan.FromSeconds(6));
        await WebhookTestKit.SendDueAsync(app);
        Assert.Null((await WebhookTestKit.EndpointAsync(app, endpointId)).FailingSince);
        Assert.Equal(WebhookDeliveryState.Delivered, Assert.Single(await WebhookTestKit.DeliveriesAsync(app, workspace.Id)).State);
    }

    [Fact]
    public async Task The_Payload_Carries_No_Token_Or_Secret()
    {
        using var app = new StudioAppFactory(settings: WebhookTestKit.SenderOff);
        var (user, workspace) = await app.CreateUserAsync();
        var (_, secret) = await WebhookTestKit.AddEndpointAsync(app, user.Id, receiver.Url);
        string protectedAccess, protectedRefresh;
        using (var scope = app.Services.CreateScope())
        {
            var protector = scope.ServiceProvider.GetRequiredService<TokenProtector>();
            protectedAccess = protector.Protect("act.very-secret-access");
            protectedRefresh = protector.Protect("rft.very-secret-refresh");
        }
        var account = await PostsTestData.AddAccountAsync(app, workspace.Id, "secretive", a =>
        {
            a.ProtectedAccessToken = protectedAccess;
            a.ProtectedRefreshToken = protectedRefresh;
        });
        await WebhookTestKit.RecordAsync(app, workspace.Id, ActivityKinds.AccountNeedsReconnect, "Reconnect", accountId: account.Id);

        var payload = Assert.Single(await WebhookTestKit.DeliveriesAsync(app, workspace.Id)).Payload;
        Assert.Contains("secretive", payload);
        foreach (var leak in new[] { protectedAccess, protectedRefresh, "very-secret", secret, "token", "scope" })
            Assert.DoesNotContain(leak, payload, StringComparison.OrdinalIgnoreCase);
        // The endpoint's secret is stored encrypted, never as it was shown.
        var stored = Assert.Single(await app.RowsOfAsync<WebhookEndpoint>(workspace.Id));
        Assert.DoesNotContain(secret, stored.ProtectedSecret);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > until) Assert.Fail("The condition did not come true in 20 s.");
            await Task.Delay(50);
        }
    }
}
