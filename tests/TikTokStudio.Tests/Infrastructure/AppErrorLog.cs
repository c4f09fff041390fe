using Microsoft.Extensions.Logging;

namespace TikTokStudio.Tests.Infrastructure;

/// <summary>
/// Errors the app hosts log during a test run, appended to one file (<see cref="Path"/>) with the host's data
/// directory and provider. A failing request answers only "500"; the cause is in the app's log, which the test
/// runner does not show, so an intermittent failure can be explained after the run (the file holds the last run's).
/// </summary>
public sealed class AppErrorLog(string host) : ILoggerProvider
{
    public static readonly string Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tiktok-studio-tests", "app-errors.log");

    private static readonly Lock Gate = new();
    private static bool started;

    /// <summary>The first host of this test process empties the file, so it holds this run's errors only.</summary>
    public static AppErrorLog For(string host)
    {
        lock (Gate)
        {
            if (!started && File.Exists(Path)) File.Delete(Path);
            started = true;
        }
        return new AppErrorLog(host);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(host, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(string host, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var entry = $"{DateTimeOffset.UtcNow:O} {logLevel} [{host}] {category}: {formatter(state, exception)}{Environment.NewLine}{exception}{Environment.NewLine}";
            lock (Gate)
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
                File.AppendAllText(Path, entry);
            }
        }
    }
}
