using Microsoft.Extensions.Logging;

namespace Harvester.Cli.Commands;

/// <summary>
/// The log of <c>harvester serve</c>: every error (a request that failed inside the app) as one line on standard error,
/// <c>harvester serve: MESSAGE (TYPE: DETAIL)</c>, so an operator sees why a page answered 500 without a stack trace.
/// </summary>
internal sealed class ErrorLineLoggerProvider(TextWriter error) : ILoggerProvider
{
    private readonly Lock _lock = new();

    public ILogger CreateLogger(string categoryName) => new ErrorLineLogger(this);

    public void Dispose()
    {
    }

    private void Write(string line)
    {
        lock (_lock) error.WriteLine(line);
    }

    private sealed class ErrorLineLogger(ErrorLineLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var message = formatter(state, exception).ReplaceLineEndings(" ");
            var cause = exception?.GetBaseException() is { } e ? $" ({e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")})" : string.Empty;
            provider.Write($"harvester serve: {message}{cause}");
        }
    }
}
