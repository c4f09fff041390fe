using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace TikTokStudio.Emulators.TikTok.Webhooks;

/// <summary>
/// Where the emulator sends TikTok's webhooks. By default <see cref="TikTokEmulatorOptions.WebhookCallbackUrl"/>; the
/// web app replaces it so that its mounted emulator calls the app's own receiver on the address it is bound to.
/// Asked for each delivery, never at start-up (the server may not have bound its port yet).
/// </summary>
public sealed class TikTokWebhookCallback(Func<string?> resolve)
{
    public string? Url => resolve() is { Length: > 0 } url ? url : null;
}

/// <summary>One event as the emulator tried to deliver it (control API <c>GET _emulator/webhooks</c>).</summary>
public sealed class WebhookDeliveryRecord
{
    public required string Event { get; init; }
    public required string PublishId { get; init; }
    public required string ClientKey { get; init; }
    public required string Body { get; init; }
    public required string Url { get; init; }
    public bool Duplicate { get; init; }
    public List<int> AttemptStatusCodes { get; } = [];
    public bool Delivered { get; set; }
    public bool GaveUp { get; set; }

    internal WebhookDeliveryRecord Snapshot()
    {
        var copy = new WebhookDeliveryRecord { Event = Event, PublishId = PublishId, ClientKey = ClientKey, Body = Body, Url = Url, Duplicate = Duplicate, Delivered = Delivered, GaveUp = GaveUp };
        copy.AttemptStatusCodes.AddRange(AttemptStatusCodes);
        return copy;
    }
}

/// <summary>
/// TikTok's webhooks for posts (tiktok-api.md §9.3, emulator checklist items 38–39). Post states are derived from the
/// emulator clock, never stored, so this looks at every post that may still change a few times a second and
/// announces each change once: post.publish.failed, .inbox_delivered, .complete, .publicly_available and
/// .no_longer_publicaly_available (TikTok's spelling). Each is POSTed to the callback URL in TikTok's envelope, signed
/// with <c>TikTok-Signature: t=…,s=…</c> (HMAC-SHA256 with the app's client secret over "{t}.{body}"), retried with a
/// doubling delay until the app answers 200, and every Nth one is delivered twice, byte for byte, because TikTok
/// delivers at least once.
/// </summary>
public sealed class TikTokWebhookSender(
    TikTokEmulatorState state,
    TikTokWebhookCallback callback,
    IOptions<TikTokEmulatorOptions> options,
    IHttpClientFactory httpClients) : BackgroundService
{
    public const string HttpClientName = "tiktok-emulator-webhooks";

    public const string Failed = "post.publish.failed";
    public const string InboxDelivered = "post.publish.inbox_delivered";
    public const string Complete = "post.publish.complete";
    public const string PubliclyAvailable = "post.publish.publicly_available";
    public const string NoLongerPubliclyAvailable = "post.publish.no_longer_publicaly_available";

    private readonly Channel<WebhookDeliveryRecord> queue = Channel.CreateUnbounded<WebhookDeliveryRecord>();
    private readonly List<WebhookDeliveryRecord> deliveries = [];
    private int inFlight;
    private int delivered;

    private TikTokEmulatorOptions Options => options.Value;

    /// <summary>Copies, taken under the lock that every change to a record holds.</summary>
    public IReadOnlyList<WebhookDeliveryRecord> Deliveries { get { lock (deliveries) return deliveries.Select(d => d.Snapshot()).ToList(); } }

    /// <summary>True while an event is queued, being sent or waiting for a retry.</summary>
    public bool Busy => Volatile.Read(ref inFlight) > 0;

    /// <summary>Forgets the record (the emulator's reset); deliveries already under way still finish.</summary>
    public void Clear()
    {
        lock (deliveries) deliveries.Clear();
    }

    public static string Sign(string clientSecret, long timestamp, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(clientSecret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return $"t={timestamp},s={Convert.ToHexString(mac).ToLowerInvariant()}";
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sending = Task.Run(() => SendLoopAsync(stoppingToken), stoppingToken);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(10, Options.WebhookScanIntervalMs)));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) Scan();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        queue.Writer.TryComplete();
        await sending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Looks at each post that may still change and queues what TikTok would announce about it.</summary>
    public void Scan()
    {
        if (!Options.WebhooksEnabled) return;
        List<(EmulatedPost Post, string Event, JsonObject Content)> changes = [];
        lock (state.Gate)
        {
            if (state.Posts.Count == 0) return;
            var now = state.Now;
            foreach (var post in state.Posts)
            {
                if (post.AnnouncedEvents.Contains(Failed) || post.AnnouncedEvents.Contains(NoLongerPubliclyAvailable)) continue;
                var view = post.Evaluate(now);
                void Announce(string name, JsonObject content)
                {
                    if (post.AnnouncedEvents.Add(name)) changes.Add((post, name, content));
                }
                switch (view.Status)
                {
                    case PostStatus.Failed:
                        Announce(Failed, Content(post, ("reason", view.FailReason ?? "internal")));
                        break;
                    case PostStatus.SendToUserInbox:
                        Announce(InboxDelivered, Content(post));
                        break;
                    case PostStatus.PublishComplete:
                        Announce(Complete, Content(post));
                        break;
                }
                if (view.PublicPostIds.Count > 0)
                {
                    Announce(PubliclyAvailable, Content(post, ("post_id", view.PublicPostIds[0].ToString(System.Globalization.CultureInfo.InvariantCulture))));
                }
                else if (post.AnnouncedEvents.Contains(PubliclyAvailable) && post.TakenDownAt is not null)
                {
                    Announce(NoLongerPubliclyAvailable, Content(post, ("post_id", post.PostId.ToString(System.Globalization.CultureInfo.InvariantCulture))));
                }
            }
        }
        if (changes.Count == 0) return;
        var url = callback.Url;
        if (url is null) return; // no callback registered: TikTok sends nothing
        foreach (var (post, name, content) in changes) Enqueue(post, name, content, url);
    }

    private static JsonObject Content(EmulatedPost post, params (string Name, string Value)[] extra)
    {
        var content = new JsonObject { ["publish_id"] = post.PublishId, ["publish_type"] = post.PublishType };
        foreach (var (name, value) in extra) content[name] = value;
        return content;
    }

    private void Enqueue(EmulatedPost post, string name, JsonObject content, string url)
    {
        var envelope = new JsonObject
        {
            ["client_key"] = post.ClientKey,
            ["event"] = name,
            ["create_time"] = state.Now.ToUnixTimeSeconds(),
            ["user_openid"] = post.Creator.OpenId,
            // TikTok sends the event's content as a JSON string inside the JSON envelope.
            ["content"] = content.ToJsonString(),
        };
        Enqueue(new WebhookDeliveryRecord { Event = name, PublishId = post.PublishId, ClientKey = post.ClientKey, Body = envelope.ToJsonString(), Url = url });
    }

    private void Enqueue(WebhookDeliveryRecord delivery)
    {
        lock (deliveries) deliveries.Add(delivery);
        Interlocked.Increment(ref inFlight);
        queue.Writer.TryWrite(delivery);
    }

    private async Task SendLoopAsync(CancellationToken stoppingToken)
    {
        var http = httpClients.CreateClient(HttpClientName);
        await foreach (var delivery in queue.Reader.ReadAllAsync(CancellationToken.None))
        {
            var status = await SendAsync(http, delivery, stoppingToken);
            lock (deliveries) delivery.AttemptStatusCodes.Add(status);
            if (status == 200)
            {
                lock (deliveries) delivery.Delivered = true;
                if (!delivery.Duplicate && Options.WebhookDuplicateEvery > 0 && Interlocked.Increment(ref delivered) % Options.WebhookDuplicateEvery == 0)
                {
                    Enqueue(new WebhookDeliveryRecord { Event = delivery.Event, PublishId = delivery.PublishId, ClientKey = delivery.ClientKey, Body = delivery.Body, Url = delivery.Url, Duplicate = true });
                }
                Interlocked.Decrement(ref inFlight);
                continue;
            }
            int attempts;
            lock (deliveries) attempts = delivery.AttemptStatusCodes.Count;
            if (attempts >= Options.WebhookMaxAttempts || stoppingToken.IsCancellationRequested)
            {
                lock (deliveries) delivery.GaveUp = true;
                Interlocked.Decrement(ref inFlight);
                continue;
            }
            // A retry goes to the back of the queue after its delay, so one failing event never holds up the others.
            var delay = TimeSpan.FromMilliseconds(Options.WebhookRetryBaseDelayMs * Math.Pow(2, attempts - 1));
            _ = Task.Delay(delay, stoppingToken).ContinueWith(_ =>
            {
                if (!queue.Writer.TryWrite(delivery))
                {
                    lock (deliveries) delivery.GaveUp = true;
                    Interlocked.Decrement(ref inFlight);
                }
            }, TaskScheduler.Default);
        }
    }

    private async Task<int> SendAsync(HttpClient http, WebhookDeliveryRecord delivery, CancellationToken stoppingToken)
    {
        var app = state.FindApp(delivery.ClientKey);
        if (app is null) return 0;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
            {
                Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
            };
            // Real time, not the emulator's advanced clock: the timestamp proves the transport is fresh to the receiver's clock.
            request.Headers.TryAddWithoutValidation("TikTok-Signature", Sign(app.ClientSecret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), delivery.Body));
            using var response = await http.SendAsync(request, stoppingToken);
            return (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }
}
