namespace Harvester.Archive.Warc;

/// <summary>One line of a CDXJ index (pywb's format): <c>KEY TIMESTAMP {"url":…,"mime":…,"status":…,"digest":…,"length":…,"offset":…,"filename":…}</c>.</summary>
public sealed record CdxjEntry(string Key, string Timestamp, string Url, string Mime, string Status, string Digest, long Length, long Offset, string Filename)
{
    public bool IsRevisit => Mime == "warc/revisit" || Status == "-";

    public Capture ToCapture() => new(
        Timestamp, Url, Mime,
        int.TryParse(Status, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : null,
        Digest, Length);
}
