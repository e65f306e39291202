namespace Hub.LocalHost.Functions.Queues;

/// <summary>
/// How long a queue listener waits before polling again, as the Functions host's queue listener
/// decides it (its <c>RandomizedExponentialBackoffStrategy</c>): after a poll that found messages,
/// the minimum (100 ms); after each empty poll, about twice as long as before (±20 %), up to
/// <c>maxPollingInterval</c>, where it stays until a message is found.
/// </summary>
internal sealed class PollingBackoff(TimeSpan minimum, TimeSpan maximum, Random random)
{
    private const double RandomizationFactor = 0.2;

    private TimeSpan _current;
    private int _exponent;

    public TimeSpan Next(bool foundMessages)
    {
        if (foundMessages)
        {
            _current = minimum;
            _exponent = 1;
        }
        else if (_current != maximum)
        {
            var next = minimum;
            if (_exponent > 0)
            {
                var jitter = 1 - RandomizationFactor + (random.NextDouble() * 2 * RandomizationFactor);
                next += TimeSpan.FromMilliseconds(jitter * Math.Pow(2, _exponent - 1) * minimum.TotalMilliseconds);
            }

            if (next < maximum)
            {
                _current = next;
                _exponent++;
            }
            else
            {
                _current = maximum;
            }
        }

        return _current;
    }
}
