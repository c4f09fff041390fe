using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TikTokStudio.Emulators.Stripe.Http;
using TikTokStudio.Emulators.Stripe.Model;
using TikTokStudio.Emulators.Stripe.Webhooks;

namespace TikTokStudio.Emulators.Stripe.Control;

/// <summary>
/// The emulator's own JSON control API under <c>_emulator/</c> (what Stripe's test clocks and dashboard do for a
/// test): reset, advance the clock (renewals, failed renewals and period ends happen), and read events and deliveries.
/// </summary>
public static class StripeControlEndpoints
{
    public static void Map(RouteGroupBuilder stripe)
    {
        var control = stripe.MapGroup("/_emulator");

        control.MapPost("/reset", (StripeEmulatorState s) =>
        {
            s.Reset();
            return StripeWire.Json(new JsonObject { ["reset"] = true });
        });

        control.MapGet("/clock", (StripeEmulatorState s) => StripeWire.Json(Clock(s)));

        control.MapPost("/clock/advance", async (HttpRequest request, StripeEmulatorState s) =>
        {
            long seconds;
            try
            {
                var body = await JsonSerializer.DeserializeAsync<JsonObject>(request.Body);
                seconds = body?["seconds"]?.GetValue<long>() ?? -1;
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                seconds = -1;
            }
            if (seconds < 0) return StripeWire.Invalid("Send {\"seconds\": N} with N >= 0.", "seconds");
            s.Clock.Advance(TimeSpan.FromSeconds(seconds));
            s.Tick();
            return StripeWire.Json(Clock(s));
        });

        control.MapGet("/events", (StripeEmulatorState s) =>
        {
            lock (s.Gate)
                return StripeWire.Json(new JsonArray(s.Events.Select(e => (JsonNode)new JsonObject { ["id"] = e.Id, ["type"] = e.Type, ["created"] = e.Created }).ToArray()));
        });

        control.MapGet("/deliveries", (StripeEmulatorState s, StripeWebhookSender sender) =>
            StripeWire.Json(new JsonObject
            {
                ["busy"] = sender.Busy,
                ["deliveries"] = new JsonArray(sender.Deliveries.Select(d => (JsonNode)new JsonObject
                {
                    ["event"] = d.EventId, ["type"] = d.EventType, ["url"] = d.Url, ["delivered"] = d.Delivered, ["gave_up"] = d.GaveUp,
                    ["attempts"] = new JsonArray(d.AttemptStatusCodes.Select(c => (JsonNode)c).ToArray()),
                }).ToArray()),
            }));
    }

    private static JsonObject Clock(StripeEmulatorState s) => new()
    {
        ["now"] = s.Now, ["offset_seconds"] = (long)s.Clock.Offset.TotalSeconds,
    };
}
