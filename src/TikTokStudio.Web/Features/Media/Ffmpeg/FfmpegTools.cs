using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Options;

namespace TikTokStudio.Web.Features.Media.Ffmpeg;

/// <summary>The outcome of one ffmpeg run: its exit code and the end of what it wrote to stderr (its error, if any).</summary>
public sealed record FfmpegRun(int ExitCode, string ErrorTail)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>
/// Finds and runs Debian's ffmpeg (Media:FfmpegPath). Everything that needs them asks
/// <see cref="IsAvailable"/> first, so a server without ffmpeg keeps working with placeholders. Runs are killed (the
/// whole process tree) when their token is cancelled, so cancel, timeout and shutdown never leave an ffmpeg behind.
/// </summary>
public sealed partial class FfmpegTools(IOptions<MediaOptions> options, ILogger<FfmpegTools> logger)
{
    public const string NotInstalledMessage =
        "This server has no ffmpeg installed, so it cannot make frames or TikTok-ready copies. Ask the administrator to install ffmpeg (Debian: apt-get install ffmpeg).";

    private readonly Lazy<string?> ffmpeg = new(() => Resolve(options.Value.FfmpegPath));

    public bool IsAvailable => ffmpeg.Value is not null;

    public string? FfmpegPath => ffmpeg.Value;

    /// <summary>Runs ffmpeg with these arguments (no shell: each argument is passed as is); stdout lines go to <paramref name="onOutputLine"/>.</summary>
    public async Task<FfmpegRun> RunAsync(IReadOnlyList<string> arguments, Action<string>? onOutputLine, CancellationToken ct)
    {
        var path = ffmpeg.Value ?? throw new InvalidOperationException(NotInstalledMessage);
        return await RunProgramAsync(path, arguments, onOutputLine, ct);
    }

    private async Task<FfmpegRun> RunProgramAsync(string path, IReadOnlyList<string> arguments, Action<string>? onOutputLine, CancellationToken ct)
    {
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = new Process { StartInfo = start };
        // Only the last lines of stderr matter (ffmpeg writes its error last); keep a bounded tail.
        var errors = new Queue<string>();
        var outputDone = new TaskCompletionSource();
        var errorDone = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) { outputDone.TrySetResult(); return; }
            onOutputLine?.Invoke(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) { errorDone.TrySetResult(); return; }
            lock (errors)
            {
                errors.Enqueue(e.Data);
                if (errors.Count > 12) errors.Dequeue();
            }
        };
        process.Start();
        process.StandardInput.Close(); // ffmpeg must never wait for a keypress
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(ct);
            await Task.WhenAll(outputDone.Task, errorDone.Task).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw;
        }
        catch (TimeoutException)
        {
            // The streams did not close in time after exit; the exit code is what counts.
        }
        string tail;
        lock (errors) tail = string.Join('\n', errors);
        if (process.ExitCode != 0) LogFailed(Path.GetFileName(path), process.ExitCode);
        return new FfmpegRun(process.ExitCode, tail);
    }

    private void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
            LogKilled(process.Id);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>An absolute or relative path that exists, or a bare name found on PATH; null when neither.</summary>
    internal static string? Resolve(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured)) return null;
        if (configured.Contains(Path.DirectorySeparatorChar) || configured.Contains('/'))
        {
            return File.Exists(configured) ? Path.GetFullPath(configured) : null;
        }
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, configured);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Program} exited with code {ExitCode}")]
    private partial void LogFailed(string program, int exitCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Killed ffmpeg process {ProcessId}")]
    private partial void LogKilled(int processId);
}
