using System.Globalization;
using System.Text;

namespace Harvester.Tests.Support;

/// <summary>
/// A popular site as the Wayback Machine holds it, generated (not committed): the home page captured every hour for
/// 25 years (2000-2024, about 219,000 captures; its bytes change every month), the policy captured every day at noon,
/// its text changing four times, so that its five versions first appear in 2000A, 2003A, 2008B, 2013A and 2018B.
/// </summary>
internal static class PopularSite
{
    public const string Domain = "popular-example.com";

    public static readonly string[] FirstHalfYears = ["2000A", "2003A", "2008B", "2013A", "2018B"];

    private static readonly DateTime[] Changes =
    [
        new(2002, 12, 10, 0, 0, 0, DateTimeKind.Utc), new(2008, 7, 15, 0, 0, 0, DateTimeKind.Utc),
        new(2013, 1, 20, 0, 0, 0, DateTimeKind.Utc), new(2018, 7, 10, 0, 0, 0, DateTimeKind.Utc),
    ];

    public static IEnumerable<FakeCapture> Captures()
    {
        const string home = "http://" + Domain + "/", policy = "http://" + Domain + "/privacy";
        var end = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var t = new DateTime(2000, 1, 1, 0, 17, 0, DateTimeKind.Utc); t < end; t = t.AddHours(1))
        {
            var month = t.ToString("yyyyMM", CultureInfo.InvariantCulture);
            yield return new FakeCapture(Ts(t), home, 200, "HOME" + month, () => HomePage(month));
        }
        for (var t = new DateTime(2000, 1, 1, 12, 0, 0, DateTimeKind.Utc); t < end; t = t.AddDays(1))
        {
            int version = 1 + Changes.Count(c => c <= t);
            yield return new FakeCapture(Ts(t), policy, 200, "POLICY" + version, () => PolicyPage(version));
        }
    }

    /// <summary>
    /// The same site captured at random moments (1 to 6 home captures and 1 to 3 policy captures a day, 2000-2009):
    /// the capture nearest a target is often the last one of the day before, which a one-a-day listing does not hold.
    /// </summary>
    public static IEnumerable<FakeCapture> RandomlyTimedCaptures(int seed)
    {
        const string home = "http://" + Domain + "/", policy = "http://" + Domain + "/privacy";
        var random = new Random(seed);
        for (var day = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc); day.Year < 2010; day = day.AddDays(1))
        {
            foreach (var t in Moments(random, day, 1 + random.Next(6)))
            {
                var month = t.ToString("yyyyMM", CultureInfo.InvariantCulture);
                yield return new FakeCapture(Ts(t), home, 200, "HOME" + month, () => HomePage(month));
            }
            foreach (var t in Moments(random, day, 1 + random.Next(3)))
            {
                int version = 1 + Changes.Count(c => c <= t);
                yield return new FakeCapture(Ts(t), policy, 200, "POLICY" + version, () => PolicyPage(version));
            }
        }
    }

    private static IEnumerable<DateTime> Moments(Random random, DateTime day, int count) =>
        Enumerable.Range(0, count).Select(_ => day.AddSeconds(random.Next(86_400))).Distinct().Order();

    private static string Ts(DateTime t) => t.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    private static byte[] HomePage(string month) => Encoding.UTF8.GetBytes(
        $"<!DOCTYPE html><html><head><title>Popular Example</title></head><body><h1>Popular Example</h1>" +
        $"<p>Today's news, edition {month}.</p><footer><a href=\"/about\">About</a> | <a href=\"/privacy\">Privacy Policy</a></footer></body></html>");

    private static byte[] PolicyPage(int version) => Encoding.UTF8.GetBytes(
        $"<!DOCTYPE html><html><head><title>Privacy Policy</title></head><body><div id=\"nav\"><a href=\"/\">Home</a></div>" +
        $"<div id=\"content\"><h1>Privacy Policy</h1>" +
        string.Concat(Enumerable.Range(1, 3 + version).Select(i =>
            $"<p>Section {i} of version {version}. We collect the information you give us and the information your browser sends, " +
            "we use it to run and improve the service, and we share it only with the companies that help us, as the law allows.</p>")) +
        "</div></body></html>");
}
