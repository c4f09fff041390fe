using Microsoft.AspNetCore.Components.Server.Circuits;

namespace TikTokStudio.Web.Features.Activity;

/// <summary>
/// The client address of the request or circuit this scope serves. A circuit has no request per click, so the address
/// is taken once, when the circuit opens (its SignalR connection's request, after the forwarded-headers middleware), and
/// <see cref="Workspaces.StudioOperations"/> copies it into every operation's <see cref="Workspaces.WorkspaceContext"/>.
/// </summary>
public sealed class CircuitClientAddress(IHttpContextAccessor http)
{
    private string? value;

    /// <summary>The address, read from the current request the first time it is asked for.</summary>
    public string? Value => value ??= http.HttpContext?.Connection.RemoteIpAddress?.ToString();

    /// <summary>Remembers the address of the circuit's connection before any click needs it.</summary>
    public void Capture() => _ = Value;
}

/// <summary>Captures the client address while the circuit's connection request is still at hand.</summary>
public sealed class ClientAddressCircuitHandler(CircuitClientAddress address) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        address.Capture();
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        address.Capture();
        return Task.CompletedTask;
    }
}
