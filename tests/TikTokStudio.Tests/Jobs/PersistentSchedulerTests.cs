using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using TikTokStudio.Tests.Infrastructure;

namespace TikTokStudio.Tests.Jobs;

public sealed class PersistentSchedulerTests
{
    [Fact]
    public async Task A_Scheduled_Job_Runs_In_The_Test_Host()
    {
        using var app = new StudioAppFactory();
        var runId = Guid.NewGuid().ToString("N");
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        await scheduler.ScheduleJob(RecordingJob.Build(runId), TriggerAt(DateTimeOffset.UtcNow.AddMilliseconds(200)));

        Assert.True(await RecordingJob.WaitForRunAsync(runId, TimeSpan.FromSeconds(15)), "The job did not run.");
    }

    [Fact]
    public async Task A_Trigger_Persisted_Before_A_Restart_Fires_In_The_Next_Host()
    {
        var runId = Guid.NewGuid().ToString("N");
        var dataDirectory = Path.Combine(Path.GetTempPath(), "tiktok-studio-tests", Guid.NewGuid().ToString("N"));
        try
        {
            using (var first = new StudioAppFactory(dataDirectory) { KeepDataDirectory = true })
            {
                var scheduler = await first.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
                await scheduler.ScheduleJob(RecordingJob.Build(runId), TriggerAt(DateTimeOffset.UtcNow.AddSeconds(4)));
            }
            Assert.False(RecordingJob.HasRun(runId), "The job ran before the first host stopped; the test proves nothing.");

            using var second = new StudioAppFactory(dataDirectory);
            _ = second.Services; // starts the host and its scheduler

            Assert.True(await RecordingJob.WaitForRunAsync(runId, TimeSpan.FromSeconds(20)), "The persisted trigger did not fire after the restart.");
        }
        finally
        {
            StudioAppFactory.TryDelete(dataDirectory);
        }
    }

    private static ITrigger TriggerAt(DateTimeOffset at) => TriggerBuilder.Create().StartAt(at).Build();

    /// <summary>Records each run by id; Quartz creates it by type name from the persistent store.</summary>
    public sealed class RecordingJob : IJob
    {
        private static readonly ConcurrentDictionary<string, int> Runs = new();

        public static IJobDetail Build(string runId) =>
            JobBuilder.Create<RecordingJob>().WithIdentity($"recording-{runId}").UsingJobData("runId", runId).Build();

        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
        {
            Runs.AddOrUpdate(context.MergedJobDataMap.GetString("runId")!, 1, (_, n) => n + 1);
            return ValueTask.CompletedTask;
        }

        public static bool HasRun(string runId) => Runs.ContainsKey(runId);

        public static async Task<bool> WaitForRunAsync(string runId, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline)
            {
                if (HasRun(runId)) return true;
                await Task.Delay(100);
            }
            return false;
        }
    }
}
