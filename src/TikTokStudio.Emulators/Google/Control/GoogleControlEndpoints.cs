using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace TikTokStudio.Emulators.Google;

/// <summary>The emulator's own JSON control API under <c>_emulator/</c>: reset, the clock, and the cast.</summary>
public static class GoogleControlEndpoints
{
    public static void Map(RouteGroupBuilder google)
    {
        var control = google.MapGroup("/_emulator");

        control.MapPost("/reset", (GoogleEmulatorState state) =>
        {
            state.Reset();
            return Results.Json(new { reset = true }, GoogleJson.Options);
        });

        control.MapGet("/clock", (GoogleEmulatorState state) => Results.Json(ClockOf(state), GoogleJson.Options));

        control.MapPost("/clock/advance", async (HttpContext context, GoogleEmulatorState state) =>
        {
            AdvanceClock? body;
            try
            {
                body = await JsonSerializer.DeserializeAsync<AdvanceClock>(context.Request.Body, GoogleJson.Options, context.RequestAborted);
            }
            catch (JsonException)
            {
                body = null;
            }
            if (body is null || body.Seconds < 0) return GoogleJson.Error(400, "invalid_request", "Send {\"seconds\": N} with N >= 0.");
            state.Clock.Advance(TimeSpan.FromSeconds(body.Seconds));
            return Results.Json(ClockOf(state), GoogleJson.Options);
        });

        control.MapGet("/users", (GoogleEmulatorState state) => Results.Json(state.Cast.Select(u => new
        {
            sub = u.Sub, email = u.Email, email_verified = u.EmailVerified, name = u.Name, given_name = u.GivenName, family_name = u.FamilyName,
        }), GoogleJson.Options));
    }

    private static object ClockOf(GoogleEmulatorState state) => new { now = state.Now, offset_seconds = (long)state.Clock.Offset.TotalSeconds };

    private sealed record AdvanceClock([property: JsonPropertyName("seconds")] double Seconds);
}
