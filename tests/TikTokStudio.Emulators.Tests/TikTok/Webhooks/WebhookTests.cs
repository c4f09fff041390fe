using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TikTokStudio.Emulators.Tests.TikTok.Upload;

namespace TikTokStudio.Emulators.Tests.TikTok.Webhooks;

/// <summary>TikTok's post.publish.* webhooks (tiktok-api.md §9.3): envelope, signature, each change once, retries until 200, duplicates.</summary>
public sealed class WebhookTests
{
    private static async Task<(EmulatorHost Emulator, Receiver Receiver)> StartAsync(int duplicateEvery = 0, int processingMs = 3000, int moderationMs = 5000)
    {
        var receiver = await Receiver.StartAsync();
        var emulator = await EmulatorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Emulators:TikTok:WebhookCallbackUrl"] = receiver.Url,
            ["Emulators:TikTok:WebhookRetryBaseDelayMs"] = "20",
            ["Emulators:TikTok:WebhookScanIntervalMs"] = "20",
            ["Emulators:TikTok:WebhookDuplicateEvery"] = duplicateEvery.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Emulators:TikTok:ProcessingDelayMs"] = processingMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Emulators:TikTok:ModerationDelayMs"] = moderationMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        return (emulator, receiver);
    }

    private static async Task<string> DirectUploadAsync(EmulatorHost emulator, string token, string privacy = "PUBLIC_TO_EVERYONE")
    {
        var init = await emulator.PostAsync("v2/post/publish/video/init/", token, Payloads.DirectFile(privacy, size: 2000));
        Assert.Equal(HttpStatusCode.OK, init.Status);
        await Uploader.UploadAllAsync(emulator.Http, init.Data.GetProperty("upload_url").GetString()!, 2000, 2000, 1);
        return init.Data.GetProperty("publish_id").GetString()!;
    }

    [Fact]
    public async Task A_Public_Direct_Post_Announces_Complete_Then_Publicly_Available_Signed_With_The_Client_Secret()
    {
        var (emulator, receiver) = await StartAsync();
        await using var _ = emulator;
        await using var __ = receiver;
        var token = await emulator.AccessTokenAsync("public_creator");
        var publishId = await DirectUploadAsync(emulator, token);
        await Task.Delay(300);
        Assert.Empty(receiver.Requests); // still processing on the emulator clock: nothing to announce

        await emulator.AdvanceClockAsync(3);
        var complete = await receiver.WaitForAsync(1);
        await emulator.AdvanceClockAsync(5);
        var all = await receiver.WaitForAsync(2);

        var first = Parse(complete[0]);
        Assert.Equal("post.publish.complete", first.Event);
        Assert.Equal(EmulatorHost.ClientKey, first.ClientKey);
        Assert.False(string.IsNullOrEmpty(first.OpenId));
        Assert.Equal(publishId, first.Content.GetProperty("publish_id").GetString());
        Assert.Equal("DIRECT_PUBLISH", first.Content.GetProperty("publish_type").GetString());
        var second = Parse(all[1]);
        Assert.Equal("post.publish.publicly_available", second.Event);
        var posts = await emulator.PostsAsync();
        Assert.Equal(posts.Single().GetProperty("post_id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), second.Content.GetProperty("post_id").GetString());
        foreach (var request in all) Assert.True(Receiver.SignatureIsValid(request, EmulatorHost.ClientSecret), request.Signature);
        Assert.False(Receiver.SignatureIsValid(all[0], "another-secret"));
    }

    [Fact]
    public async Task An_Upload_Mode_Post_Announces_Inbox_Delivered_With_Inbox_Share()
    {
        var (emulator, receiver) = await StartAsync(processingMs: 0);
        await using var _ = emulator;
        await using var __ = receiver;
        var token = await emulator.AccessTokenAsync("upload_only_creator");
        var init = await emulator.PostAsync("v2/post/publish/inbox/video/init/", token, Payloads.InboxFile(2000));
        Assert.Equal(HttpStatusCode.OK, init.Status);
        await Uploader.UploadAllAsync(emulator.Http, init.Data.GetProperty("upload_url").GetString()!, 2000, 2000, 1);

        var received = Parse((await receiver.WaitForAsync(1))[0]);

        Assert.Equal("post.publish.inbox_delivered", received.Event);
        Assert.Equal("INBOX_SHARE", received.Content.GetProperty("publish_type").GetString());
    }

    [Fact]
    public async Task A_Failed_Post_Announces_The_Fail_Reason_Once()
    {
        var (emulator, receiver) = await StartAsync(processingMs: 0);
        await using var _ = emulator;
        await using var __ = receiver;
        var token = await emulator.AccessTokenAsync("short_creator");
        await emulator.ControlAsync("faults", new { next_fail_reason = "duration_check_failed" });
        await DirectUploadAsync(emulator, token);

        var received = Parse((await receiver.WaitForAsync(1))[0]);
        await Task.Delay(300);

        Assert.Equal("post.publish.failed", received.Event);
        Assert.Equal("duration_check_failed", received.Content.GetProperty("reason").GetString());
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task A_Taken_Down_Post_Announces_No_Longer_Publicaly_Available()
    {
        var (emulator, receiver) = await StartAsync(processingMs: 0, moderationMs: 0);
        await using var _ = emulator;
        await using var __ = receiver;
        var token = await emulator.AccessTokenAsync("public_creator");
        var publishId = await DirectUploadAsync(emulator, token);
        await receiver.WaitForAsync(2);

        await emulator.ControlAsync($"posts/{publishId}/take-down", new { });
        var all = await receiver.WaitForAsync(3);
        var status = await emulator.StatusAsync(token, publishId);

        Assert.Equal("post.publish.no_longer_publicaly_available", Parse(all[2]).Event);
        Assert.Empty(status.GetProperty("publicaly_available_post_id").EnumerateArray());
    }

    [Fact]
    public async Task An_Event_Is_Retried_Until_The_App_Answers_200()
    {
        var (emulator, receiver) = await StartAsync(processingMs: 0);
        await using var _ = emulator;
        await using var __ = receiver;
        receiver.Answers.Enqueue(500);
        receiver.Answers.Enqueue(503);
        var token = await emulator.AccessTokenAsync("public_creator");
        await DirectUploadAsync(emulator, token, "SELF_ONLY");

        var requests = await receiver.WaitForAsync(3);
        var deliveries = await DeliveriesAsync(emulator);

        Assert.All(requests, r => Assert.Equal(requests[0].Body, r.Body));
        var delivery = Assert.Single(deliveries.EnumerateArray());
        Assert.Equal([500, 503, 200], delivery.GetProperty("attempt_status_codes").EnumerateArray().Select(c => c.GetInt32()));
        Assert.True(delivery.GetProperty("delivered").GetBoolean());
    }

    [Fact]
    public async Task Every_Nth_Delivered_Event_Arrives_Twice_Byte_For_Byte()
    {
        var (emulator, receiver) = await StartAsync(duplicateEvery: 1, processingMs: 0);
        await using var _ = emulator;
        await using var __ = receiver;
        var token = await emulator.AccessTokenAsync("public_creator");
        await DirectUploadAsync(emulator, token, "SELF_ONLY");

        var requests = await receiver.WaitForAsync(2);
        await Task.Delay(300);

        Assert.Equal(2, receiver.Requests.Count); // the repeat is not repeated again
        Assert.Equal(requests[0].Body, requests[1].Body);
    }

    [Fact]
    public async Task Without_A_Callback_Url_Nothing_Is_Sent()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator");
        await DirectUploadAsync(emulator, token);
        await Task.Delay(500);

        var view = JsonDocument.Parse(await emulator.Http.GetStringAsync("_emulator/webhooks")).RootElement;

        Assert.False(view.TryGetProperty("callback_url", out var url) && url.ValueKind != JsonValueKind.Null);
        Assert.Empty(view.GetProperty("deliveries").EnumerateArray());
    }

    private static async Task<JsonElement> DeliveriesAsync(EmulatorHost emulator)
    {
        for (var i = 0; i < 200; i++)
        {
            var view = JsonDocument.Parse(await emulator.Http.GetStringAsync("_emulator/webhooks")).RootElement.Clone();
            if (!view.GetProperty("busy").GetBoolean()) return view.GetProperty("deliveries");
            await Task.Delay(25);
        }
        throw new TimeoutException("The emulator's webhooks did not settle.");
    }

    private sealed record Envelope(string ClientKey, string Event, long CreateTime, string OpenId, JsonElement Content);

    private static Envelope Parse(Receiver.Request request)
    {
        var root = JsonDocument.Parse(request.Body).RootElement;
        // content is a JSON string inside the JSON envelope, as TikTok sends it.
        Assert.Equal(JsonValueKind.String, root.GetProperty("content").ValueKind);
        return new(root.GetProperty("client_key").GetString()!, root.GetProperty("event").GetString()!, root.GetProperty("create_time").GetInt64(),
            root.GetProperty("user_openid").GetString()!, JsonDocument.Parse(root.GetProperty("content").GetString()!).RootElement.Clone());
    }

    /// <summary>An app's callback on a loopback port: records each request and answers from a script (then 200).</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        public sealed record Request(string? Signature, string Body);

        private readonly WebApplication app;
        private readonly ConcurrentQueue<Request> requests = new();

        private Receiver(WebApplication app, string url)
        {
            this.app = app;
            Url = url;
        }

        public string Url { get; }
        public ConcurrentQueue<int> Answers { get; } = new();
        public IReadOnlyList<Request> Requests => requests.ToList();

        public static async Task<Receiver> StartAsync()
        {
            var builder = WebApplication.CreateBuilder();
            builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            builder.Logging.ClearProviders();
            var app = builder.Build();
            Receiver? self = null;
            app.MapPost("/tiktok-webhooks", async (HttpRequest request) =>
            {
                using var reader = new StreamReader(request.Body, Encoding.UTF8);
                self!.requests.Enqueue(new Request(request.Headers["TikTok-Signature"].ToString(), await reader.ReadToEndAsync()));
                return Results.StatusCode(self.Answers.TryDequeue(out var status) ? status : 200);
            });
            await app.StartAsync();
            var origin = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
            self = new Receiver(app, origin + "/tiktok-webhooks");
            return self;
        }

        /// <summary>Waits (generously: the test assemblies share 2 cores) until this many requests have arrived.</summary>
        public async Task<IReadOnlyList<Request>> WaitForAsync(int count)
        {
            for (var i = 0; i < 1200; i++)
            {
                if (requests.Count >= count) return Requests;
                await Task.Delay(25);
            }
            throw new TimeoutException($"{requests.Count} of {count} webhooks arrived within 30 s.");
        }

        /// <summary>As a receiver checks it: s = hex HMAC-SHA256(client_secret, "{t}.{raw body}").</summary>
        public static bool SignatureIsValid(Request request, string clientSecret)
        {
            var parts = (request.Signature ?? "").Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
            if (!parts.TryGetValue("t", out var t) || !parts.TryGetValue("s", out var s)) return false;
            var expected = Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(clientSecret), Encoding.UTF8.GetBytes($"{t}.{request.Body}"))).ToLowerInvariant();
            return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(s));
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
