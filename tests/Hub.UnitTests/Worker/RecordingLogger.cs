using Microsoft.Extensions.Logging;

namespace Hub.UnitTests.Worker;

internal sealed record LogEntry(LogLevel Level, string Message, Exception? Exception);

/// <summary>A logger that keeps what it is told, to assert what an operator would see.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    public List<LogEntry> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => Entries.Add(new LogEntry(logLevel, formatter(state, exception), exception));
}
