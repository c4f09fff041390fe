// Conversion benchmark: a 60 s 1080p 20 fps H.264 file (made by ffmpeg) converted to TikTok-ready through the app's
// path (ConversionService -> Quartz job -> MediaConverter -> ffmpeg -> library item) vs plain ffmpeg run with the same
// arguments on the same machine. Prints JSON: wall times until the copy is in the library and ready, their ratio
// (target <= 1.1), the time the copy's frames take after that, and the app's peak memory (process RSS, sampled every
// 50 ms) during the conversion.
// Run: dotnet run -c Release --project bench/convert [-- --seconds 60 --runs 1]
using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Media.Checks;
using TikTokStudio.Web.Features.Media.Conversions;
using TikTokStudio.Web.Features.Workspaces;

internal static class ConvertBenchmark
{
    public static async Task Main(string[] args)
    {
        var seconds = BrowserBenchApp.ArgValue(args, "--seconds", 60);
        var runs = BrowserBenchApp.ArgValue(args, "--runs", 1);
        var folder = Directory.CreateTempSubdirectory("tiktok-studio-convert-bench").FullName;
        var source = Path.Combine(folder, "source-1080p-20fps.mp4");
        await RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", $"testsrc2=size=1920x1080:rate=20:duration={seconds}",
            "-f", "lavfi", "-i", $"sine=frequency=440:duration={seconds}", "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-shortest", source]);

        await using var app = BrowserBenchApp.Start(withoutQuartz: false);
        var (_, user, workspace) = await app.NewMemberAsync("Bench Co");
        var appSeconds = new List<double>();
        var ffmpegSeconds = new List<double>();
        var pickupSeconds = new List<double>();
        var jobSeconds = new List<double>();
        var framesAfterReadySeconds = new List<double>();
        long peakRss = 0, rssBefore = 0;
        List<string>? arguments = null;
        try
        {
            for (var run = 0; run < runs; run++)
            {
                var mediaId = await AddToLibraryAsync(app, user.Id, workspace.Id, source, run);
                using var process = Process.GetCurrentProcess();
                process.Refresh();
                rssBefore = process.WorkingSet64;
                using var sampling = new CancellationTokenSource();
                var sampler = Task.Run(async () =>
                {
                    while (!sampling.IsCancellationRequested)
                    {
                        process.Refresh();
                        peakRss = Math.Max(peakRss, process.WorkingSet64);
                        try { await Task.Delay(50, sampling.Token); } catch (OperationCanceledException) { }
                    }
                });
                var started = Stopwatch.GetTimestamp();
                var conversionId = await AsMemberAsync(app, user.Id, async sp =>
                {
                    var outcome = await sp.GetRequiredService<ConversionService>().StartAsync(mediaId, new ConversionChoices(ConversionFit.Pad), CancellationToken.None);
                    return outcome.ConversionId ?? throw new InvalidOperationException(outcome.Message);
                });
                MediaConversion done;
                while (true)
                {
                    await using var scope = app.Services.CreateAsyncScope();
                    done = await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<MediaConversion>().IgnoreQueryFilters().AsNoTracking()
                        .SingleAsync(c => c.Id == conversionId);
                    if (!done.IsActive) break;
                    await Task.Delay(50);
                }
                appSeconds.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
                // Where the app's time goes: the Quartz pickup (queued -> started) and the job itself (started -> finished).
                pickupSeconds.Add(Math.Round((done.StartedAt!.Value - done.CreatedAt).TotalSeconds, 3));
                jobSeconds.Add(Math.Round((done.FinishedAt!.Value - done.StartedAt!.Value).TotalSeconds, 3));
                await sampling.CancelAsync();
                await sampler;
                if (done.Status != ConversionStatus.Succeeded) throw new InvalidOperationException($"Conversion {done.Status}: {done.Error}");
                // The copy's frames are made after it is ready; wait for them so they do not overlap the plain run.
                var framesFrom = Stopwatch.GetTimestamp();
                while (true)
                {
                    await using var scope = app.Services.CreateAsyncScope();
                    var copy = await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<MediaFile>().IgnoreQueryFilters().AsNoTracking()
                        .SingleAsync(m => m.Id == done.ResultMediaId);
                    if (copy is { HasThumbnail: true, HasStrip: true }) break;
                    if (Stopwatch.GetElapsedTime(framesFrom) > TimeSpan.FromSeconds(60)) throw new InvalidOperationException("The copy got no frames within 60 s.");
                    await Task.Delay(50);
                }
                framesAfterReadySeconds.Add(Math.Round(Stopwatch.GetElapsedTime(framesFrom).TotalSeconds, 3));

                // Plain ffmpeg, the same argument list the job used (the planner is the single source of it).
                var file = await AsMemberAsync(app, user.Id, sp => sp.GetRequiredService<MediaService>().FindAsync(mediaId, CancellationToken.None));
                var plan = ConversionPlanner.Plan(file!.ToProbe()!, new ConversionChoices(ConversionFit.Pad));
                var output = Path.Combine(folder, $"plain-{run}.mp4");
                arguments = ConversionPlanner.Arguments(plan, source, output,
                    app.Services.GetRequiredService<IOptions<MediaOptions>>().Value.ConversionPreset);
                started = Stopwatch.GetTimestamp();
                await RunAsync("ffmpeg", arguments);
                ffmpegSeconds.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        var ratio = appSeconds.Sum() / ffmpegSeconds.Sum();
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            benchmark = "convert",
            source = new { seconds, width = 1920, height = 1080, fps = 20, codec = "H.264" },
            target = "pad to 9:16, 30 fps, H.264 + AAC in MP4",
            runs,
            appSeconds,
            pickupSeconds,
            jobSeconds,
            framesAfterReadySeconds,
            ffmpegSeconds,
            ratio = Math.Round(ratio, 3),
            ratioTarget = 1.1,
            ratioMet = ratio <= 1.1,
            appPeakRssMiB = Math.Round(peakRss / 1024.0 / 1024, 1),
            appRssBeforeMiB = Math.Round(rssBefore / 1024.0 / 1024, 1),
            ffmpegArguments = arguments is null ? null : string.Join(' ', arguments),
            machine = new { Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription },
        }, new JsonSerializerOptions { WriteIndented = true }));
    }

    private static async Task<Guid> AddToLibraryAsync(BrowserBenchApp app, string userId, Guid workspaceId, string source, int run)
    {
        // The same path as a finished tus upload: StartUploadAsync, bytes in place, CompleteAsync (probe, checks, frames).
        return await AsMemberAsync(app, userId, async sp =>
        {
            var media = sp.GetRequiredService<MediaService>();
            var length = new FileInfo(source).Length;
            var file = await media.StartUploadAsync($"bench-{run}.mp4", "video/mp4", length, CancellationToken.None);
            var path = sp.GetRequiredService<MediaStorage>().FullPath(file);
            await using (var input = File.OpenRead(source))
            await using (var output = File.Create(path))
            {
                await input.CopyToAsync(output);
                // Different bytes per run, or the library would recognise the second upload as the first.
                output.WriteByte((byte)run);
            }
            file.SizeBytes = new FileInfo(path).Length;
            return await media.CompleteAsync(file, CancellationToken.None);
        });
    }

    private static async Task<T> AsMemberAsync<T>(BrowserBenchApp app, string userId, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var workspace = scope.ServiceProvider.GetRequiredService<WorkspaceContext>();
        await WorkspaceResolver.ResolveAsync(userId, workspace, scope.ServiceProvider.GetRequiredService<StudioDbContext>(), CancellationToken.None);
        return await action(scope.ServiceProvider);
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var drain = process.StandardOutput.ReadToEndAsync(); // -progress pipe:1 writes here, as in the app
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await drain;
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} failed: {error}");
    }
}
