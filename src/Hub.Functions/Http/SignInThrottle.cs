using System.Threading.RateLimiting;

namespace Hub.Functions.Http;

/// <summary>
/// Slows down guessing: after <see cref="AllowedFailures"/> refused moderator secrets from one
/// client address within <see cref="Window"/>, that address is refused without a check until the
/// window ends. Kept per instance, in memory: a secret has 256 random bits, so this is about noise
/// and cost, not about making a guess feasible; a storage row per failure would cost more than it
/// protects.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    public const int AllowedFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(client =>
        RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = AllowedFailures,
            Window = Window,
            QueueLimit = 0,
        }));

    public bool IsBlocked(string client) => _failures.GetStatistics(client)?.CurrentAvailablePermits == 0;

    public void RecordFailure(string client) => _failures.AttemptAcquire(client).Dispose();

    public void Dispose() => _failures.Dispose();
}
