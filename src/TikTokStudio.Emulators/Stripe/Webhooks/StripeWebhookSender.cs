using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using TikTokStudio.Emulators.Stripe.Model;

namespace TikTokStudio.Emulators.Stripe.Webhooks;

/// <summary>
/// Delivers events to webhook endpoints as Stripe does: a JSON POST with <c>Stripe-Signature: t=...,v1=...</c>
/// (HMAC-SHA256 of "{t}.{body}" with the endpoint's secret), retried after a growing delay while the answer is not 2xx.
/// One queue, in the order events happened; a retry goes to the back, so a failing event never blocks the next ones.
/// </summary>
public sealed class StripeWebhookSender
{
    private readonly Channel<(EmDelivery Delivery, string Json)> queue = Channel.CreateUnbounded<(EmDelivery, string)>();
    private readonly List<EmDelivery> deliveries = [];
    private readonly StripeEmulatorOptions options;
    private readonly TimeProvider signingTime;
    private readonly HttpClient http;
    private int inFlight;

    /// <param name="signingTime">
    /// Real time for the signature's timestamp, not the emulator's advanced clock: the signature proves freshness of
    /// the transport, which the receiver checks against its own clock.
    /// </param>
    public StripeWebhookSender(IOptions<StripeEmulatorOptions> options, TimeProvider signingTime, HttpMessageHandler? handler = null)
    {
        this.options = options.Value;
        this.signingTime = signingTime;
        http = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: handler is null) { Timeout = TimeSpan.FromSeconds(10) };
        _ = Task.Run(RunAsync);
    }

    public IReadOnlyList<EmDelivery> Deliveries { get { lock (deliveries) return deliveries.ToList(); } }

    /// <summary>True while any delivery is queued, being sent or waiting for a retry.</summary>
    public bool Busy => Volatile.Read(ref inFlight) > 0;

    public static string Sign(string secret, long timestamp, string payload)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return $"t={timestamp},v1={Convert.ToHexString(mac).ToLowerInvariant()}";
    }

    public void Enqueue(EmDelivery delivery, string json)
    {
        lock (deliveries) deliveries.Add(delivery);
        Interlocked.Increment(ref inFlight);
        queue.Writer.TryWrite((delivery, json));
    }

    public void Clear()
    {
        lock (deliveries) deliveries.Clear();
    }

    private async Task RunAsync()
    {
        await foreach (var (delivery, json) in queue.Reader.ReadAllAsync())
        {
            int status;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
                request.Headers.TryAddWithoutValidation("Stripe-Signature", Sign(options.WebhookSecret, signingTime.GetUtcNow().ToUnixTimeSeconds(), json));
                request.Headers.UserAgent.ParseAdd("Stripe/1.0 (+https://stripe.com/docs/webhooks)");
                using var response = await http.SendAsync(request);
                status = (int)response.StatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                status = 0;
            }
            lock (deliveries) delivery.AttemptStatusCodes.Add(status);
            if (status is >= 200 and < 300)
            {
                delivery.Delivered = true;
                Interlocked.Decrement(ref inFlight);
                continue;
            }
            var attempt = delivery.AttemptStatusCodes.Count;
            if (attempt > options.WebhookRetryDelaysSeconds.Count)
            {
                delivery.GaveUp = true;
                Interlocked.Decrement(ref inFlight);
                continue;
            }
            var delay = TimeSpan.FromSeconds(options.WebhookRetryDelaysSeconds[attempt - 1]);
            _ = Task.Delay(delay).ContinueWith(_ => queue.Writer.TryWrite((delivery, json)), TaskScheduler.Default);
        }
    }
}
