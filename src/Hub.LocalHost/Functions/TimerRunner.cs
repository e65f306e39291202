using Microsoft.Azure.Functions.Worker;
using NCrontab;

namespace Hub.LocalHost.Functions;

/// <summary>
/// Runs the timer-triggered functions on their schedules, as the Functions host does: a new
/// instance from DI per run, a <see cref="TimerInfo"/> and the host's stopping token. A run that
/// throws is logged and the schedule goes on.
/// </summary>
public sealed partial class TimerRunner(IServiceProvider services, IReadOnlyList<TimerFunction> timers, TimeProvider clock, ILogger<TimerRunner> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
        => Task.WhenAll(timers.Select(timer => RunAsync(timer, stoppingToken)));

    public static DateTime NextRun(TimerFunction timer, DateTime afterUtc)
        => CrontabSchedule.Parse(timer.Schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true }).GetNextOccurrence(afterUtc);

    /// <summary>Runs one function once, now.</summary>
    public async Task InvokeAsync(TimerFunction timer, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var instance = timer.Method.IsStatic ? null : ActivatorUtilities.CreateInstance(scope.ServiceProvider, timer.Class);
        var arguments = timer.Method.GetParameters()
            .Select(parameter => parameter.ParameterType == typeof(TimerInfo) ? new TimerInfo() : parameter.ParameterType == typeof(CancellationToken) ? (object)cancellationToken : null)
            .ToArray();
        if (timer.Method.Invoke(instance, arguments) is Task run)
        {
            await run;
        }
    }

    private async Task RunAsync(TimerFunction timer, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var wait = NextRun(timer, now) - now;
            try
            {
                await Task.Delay(wait, clock, stoppingToken);
                await InvokeAsync(timer, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogFailed(logger, timer.Name, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer function {Name} failed; it runs again at its next time")]
    private static partial void LogFailed(ILogger logger, string name, Exception exception);
}
