using System.Text.RegularExpressions;
using WireMock;
using WireMock.Types;
using WireMock.Util;

namespace Harvester.Tests.Support;

/// <summary>What the fake Wayback Machines share: plain answers and the <c>/web/TSid_/URL</c> address.</summary>
internal static partial class FakeWaybackResponses
{
    public static ResponseMessage Text(int status, string text, string type)
    {
        var response = new ResponseMessage { StatusCode = status, BodyData = new BodyData { BodyAsString = text, DetectedBodyType = BodyType.String } };
        response.AddHeader("Content-Type", type);
        return response;
    }

    /// <summary>Groups: the timestamp, the original URL.</summary>
    [GeneratedRegex("^/web/([0-9]+)id_/(.+)$")]
    public static partial Regex SnapshotPath();
}
