namespace Harvester.Archive;

/// <summary>
/// The status and year filters and the timestamp collapse of a <see cref="CaptureQuery"/>, over one listing read
/// oldest first (in one piece or in pages): it remembers the period of the capture it kept last.
/// </summary>
public sealed class CaptureFilter(CaptureQuery query)
{
    private string? _lastPeriod;

    public bool Keeps(Capture capture)
    {
        if (!query.Accepts(capture)) return false;
        if (query.CollapseTimestampDigits is not { } digits) return true;
        var period = capture.Timestamp.Length > digits ? capture.Timestamp[..digits] : capture.Timestamp;
        if (period == _lastPeriod) return false;
        _lastPeriod = period;
        return true;
    }
}
