using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Harvester.Worker;

/// <summary>
/// Ties the worker to SIGTERM, SIGINT (Ctrl+C) and SIGQUIT: the first asks for a graceful stop (no new jobs, jobs in
/// flight get the grace period); a second one exits at once. Exiting at once is safe: a half-year's outcome and version
/// change are committed together, what waits uncommitted is at most a quarter second of crawling (see the crawl's
/// PendingWrites), and the leases of the jobs cut off are taken back when the worker next starts.
/// </summary>
public sealed class SignalLifetime(IHostApplicationLifetime lifetime, ILogger<SignalLifetime> logger, IEnumerable<ILoggerProvider> logOutputs, WorkerRun run)
    : IHostLifetime, IDisposable
{
    /// <summary>The exit code after a second signal (128 + SIGINT, as shells report an interrupted program).</summary>
    public const int ImmediateExitCode = 130;

    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _signals;

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
        }
        return Task.CompletedTask;
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (Interlocked.Increment(ref _signals) == 1)
        {
            logger.LogInformation("{Signal}: stopping gracefully (send it again to stop at once)", context.Signal);
            run.StopReason = $"{context.Signal}";
            lifetime.StopApplication();
            return;
        }
        logger.LogWarning("{Signal} again: stopping at once; unfinished sites are queued again at the next start", context.Signal);
        // Console logging is queued on a background thread; disposing its provider writes out what is queued.
        foreach (var output in logOutputs)
        {
            try
            {
                output.Dispose();
            }
            catch (ObjectDisposedException)
            {
            }
        }
        // The heartbeat says how it stopped, so 'status' does not take a deliberate stop for a crash.
        try
        {
            if (WorkerHeartbeat.ReadFrom(run.HeartbeatPath) is { } last)
            {
                (last with { State = "stopped", StopReason = $"{context.Signal} twice: stopped at once", UpdatedAt = DateTimeOffset.UtcNow }).WriteTo(run.HeartbeatPath);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // status will call it killed or crashed; nothing stored depends on the heartbeat
        }
        Environment.Exit(ImmediateExitCode);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
    }
}
