using System.Globalization;
using System.Text;
using Harvester.Archive.Warc;

namespace Harvester.Tests.Support;

/// <summary>
/// Generates a local web archive of many fictional sites: for every half-year a home page capture near the
/// target date and a policy capture the next day; the policy text changes every third half-year, and unchanged
/// captures are revisit records, as the Wayback Machine stores them. One gzip WARC file per 100 sites.
/// </summary>
internal static class SyntheticArchive
{
    public static IReadOnlyList<string> Write(string folder, int sites, int fromYear, int toYear)
    {
        Directory.CreateDirectory(folder);
        var domains = Enumerable.Range(0, sites).Select(i => $"site{i:D5}.example").ToList();
        var html = new KeyValuePair<string, string>[] { new("Content-Type", "text/html; charset=utf-8") };
        foreach (var chunk in domains.Chunk(100))
        {
            using var file = File.Create(Path.Combine(folder, $"{chunk[0]}.warc.gz"));
            var warc = new WarcWriter(file, compress: true);
            foreach (var domain in chunk)
            {
                var home = Encoding.UTF8.GetBytes($"<html><head><title>{domain}</title></head><body><p>Welcome to {domain}.</p><a href=\"/privacy\">Privacy Policy</a></body></html>");
                string? firstHome = null, lastPolicyTimestamp = null;
                byte[]? lastPolicy = null;
                int step = 0;
                for (int year = fromYear; year <= toYear; year++)
                {
                    foreach (var month in new[] { "04", "10" })
                    {
                        var homeTimestamp = $"{year}{month}01120000";
                        var policyTimestamp = $"{year}{month}02120000";
                        if (firstHome is null)
                        {
                            warc.WriteResponse($"http://{domain}/", homeTimestamp, 200, html, home);
                            firstHome = homeTimestamp;
                        }
                        else
                        {
                            warc.WriteRevisit($"http://{domain}/", homeTimestamp, firstHome, 200, html, home);
                        }
                        var policy = Policy(domain, step / 3);
                        if (lastPolicy is not null && policy.AsSpan().SequenceEqual(lastPolicy))
                        {
                            warc.WriteRevisit($"http://{domain}/privacy", policyTimestamp, lastPolicyTimestamp!, 200, html, policy);
                        }
                        else
                        {
                            warc.WriteResponse($"http://{domain}/privacy", policyTimestamp, 200, html, policy);
                            lastPolicy = policy;
                            lastPolicyTimestamp = policyTimestamp;
                        }
                        step++;
                    }
                }
            }
        }
        return domains;
    }

    private static byte[] Policy(string domain, int version) => Encoding.UTF8.GetBytes(
        $"<html><head><title>Privacy Policy - {domain}</title></head><body><div id=\"content\"><h1>Privacy Policy</h1>" +
        $"<p>Version {version.ToString(CultureInfo.InvariantCulture)} of the policy of {domain}. We collect your name, your e-mail address and your postal address when you register, " +
        "and we use them to run the service, to answer your questions and to prevent fraud. We never sell personal information to third parties.</p>" +
        "<p>We keep your information only as long as your account exists. You can ask us to correct, export or delete it at any time by writing to our privacy office, " +
        "and we answer within thirty days. Cookies help us remember your settings and count visits; you can refuse them in your browser.</p></div></body></html>");
}
