using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StandardWebhooks;

namespace TikTokStudio.Tests.Features.Webhooks;

/// <summary>One request the receiver got: its body and headers exactly as they arrived.</summary>
public sealed record ReceivedWebhook(string Body, IHeaderDictionary Headers, DateTimeOffset At)
{
    public string Id => Headers["webhook-id"].ToString();

    public System.Text.Json.JsonElement Json => System.Text.Json.JsonDocument.Parse(Body).RootElement;

    public string Type => Json.GetProperty("type").GetString()!;

    /// <summary>Verifies the signature as a receiver would, with the StandardWebhooks library; throws when it does not match.</summary>
    public void Verify(string secret) => new StandardWebhook(secret).Verify(Body, Headers);
}

/// <summary>A receiver on a real loopback port (Kestrel, port 0) that records what it gets and answers with <see cref="Status"/>.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>What the receiver answers; tests change it between attempts.</summary>
    public int Status { get; set; } = 200;

    public Uri Url { get; }

    private WebhookReceiver(WebApplication app, Uri url)
    {
        this.app = app;
        Url = url;
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        WebhookReceiver? self = null;
        app.MapPost("/hooks", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = new HeaderDictionary();
            foreach (var (key, value) in context.Request.Headers) headers[key] = value;
            self!.Received.Enqueue(new ReceivedWebhook(body, headers, DateTimeOffset.UtcNow));
            return Results.Text(self.Status == 200 ? "thanks" : "receiver says no", statusCode: self.Status);
        });
        await app.StartAsync();
        var address = app.Urls.First();
        self = new WebhookReceiver(app, new Uri(address.TrimEnd('/') + "/hooks"));
        return self;
    }

    /// <summary>Waits until <paramref name="count"/> requests matching <paramref name="match"/> arrived.</summary>
    public async Task<List<ReceivedWebhook>> WaitForAsync(Func<ReceivedWebhook, bool> match, int count = 1, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var found = Received.Where(match).ToList();
            if (found.Count >= count) return found;
            if (DateTime.UtcNow > until) Assert.Fail($"Expected {count} matching webhook(s), got {found.Count}; all: {string.Join(", ", Received.Select(r => r.Type))}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
