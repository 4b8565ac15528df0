using System.Buffers.Text;
using System.Text;

namespace Harvester.Web;

/// <summary>
/// An opaque paging cursor: the position after the last item of a page, in an order that new items only extend (sites
/// by their sort key and name, search hits in the order they were stored), so the next page neither repeats nor skips.
/// </summary>
public static class Cursor
{
    public static string Encode(string position) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes("v1:" + position));

    /// <summary>The position, or null when <paramref name="cursor"/> is not one of ours.</summary>
    public static string? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 1024) return null;
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return text.StartsWith("v1:", StringComparison.Ordinal) ? text[3..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
