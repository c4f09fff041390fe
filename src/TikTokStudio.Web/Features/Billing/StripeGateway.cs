using Microsoft.AspNetCore.Hosting.Server;
using Stripe;

namespace TikTokStudio.Web.Features.Billing;

/// <summary>
/// The Stripe.net client the billing handlers use: real Stripe, or the emulator on this app's own address. In
/// emulated mode it also registers this app's webhook endpoint on the emulated account once, as an operator does in
/// Stripe's dashboard.
/// </summary>
public sealed partial class StripeGateway(StripeSettings settings, IServer server, ILogger<StripeGateway> logger)
{
    private readonly SemaphoreSlim endpointGate = new(1, 1);
    private StripeClient? client;
    private bool endpointRegistered;

    public StripeClient Client => client ??= settings.Mode switch
    {
        StripeMode.Real => new StripeClient(settings.SecretKey),
        StripeMode.Emulated => new StripeClient(settings.SecretKey, apiBase: OwnAddress.BaseUrl(server) + StripeSettings.EmulatorPath),
        _ => throw new InvalidOperationException("Stripe is not configured: set Stripe:SecretKey and Stripe:WebhookSecret, or enable the emulators."),
    };

    /// <summary>Emulated only: makes sure the emulated account sends its events to this app.</summary>
    public async Task EnsureEmulatedWebhookAsync(CancellationToken ct)
    {
        if (!settings.IsEmulated || endpointRegistered) return;
        await endpointGate.WaitAsync(ct);
        try
        {
            if (endpointRegistered) return;
            var url = OwnAddress.BaseUrl(server) + StripeSettings.WebhookPath;
            var service = new WebhookEndpointService(Client);
            var existing = await service.ListAsync(new WebhookEndpointListOptions { Limit = 100 }, cancellationToken: ct);
            if (!existing.Data.Any(e => e.Url == url))
            {
                await service.CreateAsync(new WebhookEndpointCreateOptions { Url = url, EnabledEvents = StripeWebhookHandler.HandledTypes.ToList() }, cancellationToken: ct);
                LogEndpointRegistered(logger, url);
            }
            endpointRegistered = true;
        }
        finally
        {
            endpointGate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered {Url} as the emulated Stripe account's webhook endpoint.")]
    private static partial void LogEndpointRegistered(ILogger logger, string url);
}
