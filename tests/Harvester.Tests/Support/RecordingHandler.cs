using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Harvester.Tests.Support;

/// <summary>An HTTP handler that answers every request with a small page and records when each was sent (client side).</summary>
internal sealed class RecordingHandler : HttpMessageHandler
{
    private static readonly Stopwatch Clock = Stopwatch.StartNew();
    private readonly ConcurrentBag<TimeSpan> _times = [];

    public IReadOnlyCollection<TimeSpan> Times => _times;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _times.Add(Clock.Elapsed);
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html><body>ok</body></html>") });
    }
}
