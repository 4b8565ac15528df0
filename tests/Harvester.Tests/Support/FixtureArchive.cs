using System.Text;
using Harvester.Archive.Warc;

namespace Harvester.Tests.Support;

/// <summary>
/// The hand-made web archive in <c>fixtures/archive</c>: six fictional sites captured across 2018 and 2019.
/// <c>FixtureArchiveTests</c> checks that the committed files equal what this writes; to change the archive, edit
/// this file and run <c>HARVESTER_WRITE_FIXTURES=1 dotnet test --filter FixtureArchive</c>.
/// <list type="bullet">
/// <item>alpha-shop.example: link "Privacy Policy"; policy v1 in 2018 (its 2018-B capture a revisit), v2 from 2019 (2019-B a revisit).</item>
/// <item>beta-news.example: link "Your Privacy Rights"; in 2019 the policy URL redirects (301) to a new page.</item>
/// <item>gamma-bank.example: link "Privacy &amp; Security" (partial match); the policy is windows-1252.</item>
/// <item>delta-blog.example: no policy link at all.</item>
/// <item>epsilon-games.example: the http home page is a redirect capture to https; link "Cookie Policy".</item>
/// <item>zeta-travel.example: link "privacy notice" to <c>/privacy-notice#top</c> (the provenance keeps the fragment); the policy changes every half-year.</item>
/// </list>
/// 2018 is a WARC file compressed per record, 2019 a plain one; both hold request and metadata records too.
/// </summary>
internal static class FixtureArchive
{
    public static string Folder => Path.Combine(RepositoryPaths.Fixtures, "archive");

    public static readonly string[] Files = ["fixtures-2018.warc.gz", "fixtures-2019.warc"];

    private static readonly KeyValuePair<string, string>[] Utf8Html = [new("Content-Type", "text/html; charset=utf-8")];

    /// <summary>Writes the archive's WARC files into <paramref name="folder"/>.</summary>
    public static void Write(string folder)
    {
        Directory.CreateDirectory(folder);
        using (var file = File.Create(Path.Combine(folder, Files[0])))
        using (var warc = new WarcWriter(file, compress: true))
        {
            warc.WriteMetadata("urn:harvester:fixtures", "20180101000000", "software: Harvester fixture builder\ndescription: hand-made sites, 2018\n");
            Alpha2018(warc);
            Beta2018(warc);
            Gamma2018(warc);
            Delta(warc, "20180401120000");
            Delta(warc, "20181001120000");
            Zeta(warc, "20180401090000", 1);
            Zeta(warc, "20181001090000", 2);
        }
        using (var file = File.Create(Path.Combine(folder, Files[1])))
        using (var warc = new WarcWriter(file, compress: false))
        {
            warc.WriteMetadata("urn:harvester:fixtures", "20190101000000", "software: Harvester fixture builder\ndescription: hand-made sites, 2019\n");
            Alpha2019(warc);
            Beta2019(warc);
            Epsilon2019(warc);
            Zeta(warc, "20190401090000", 3);
        }
    }

    private static void Home(WarcWriter warc, string url, string timestamp, string siteName, string links)
    {
        warc.WriteRequest(url, timestamp);
        warc.WriteResponse(url, timestamp, 200, Utf8Html, Utf8(
            $"<!DOCTYPE html><html><head><title>{siteName}</title></head><body><header><h1>{siteName}</h1></header>" +
            $"<main><p>Welcome to {siteName}. We have been online since 2005 and serve customers all over the world.</p></main>" +
            $"<footer><a href=\"/about\">About us</a> | <a href=\"/contact\">Contact</a> | {links}</footer></body></html>"));
    }

    private static byte[] Policy(string siteName, string title, params string[] paragraphs) => Utf8(
        $"<!DOCTYPE html><html><head><title>{title}</title></head><body>" +
        $"<div id=\"nav\"><a href=\"/\">Home</a> <a href=\"/about\">About</a></div>" +
        $"<div id=\"content\"><h1>{title}</h1>" + string.Concat(paragraphs.Select(p => "<p>" + p + "</p>")) + "</div>" +
        $"<div id=\"footer\">&copy; {siteName}</div></body></html>");

    private const string Collect =
        "We collect the information you give us when you register, place an order or write to us: your name, e-mail address, postal address and payment details. " +
        "We also collect, automatically, the address of your computer, your browser and the pages you visit, so that we can keep the site running.";

    private const string Use =
        "We use this information to provide our services, to answer your questions, to prevent fraud and, if you agree, to send you news about our products. " +
        "We keep it only as long as we need it for these purposes or as the law requires, and then we delete it.";

    private const string Share =
        "We do not sell your personal information. We share it only with companies that help us run our business, such as payment processors and delivery firms, " +
        "and only as far as they need it to do their work for us.";

    private const string Rights =
        "You may ask us at any time which information we hold about you, and have it corrected or deleted. Write to our privacy office; we answer within thirty days.";

    private const string Cookies =
        "Our site uses cookies to remember your settings and to count visits. You can refuse cookies in your browser; some parts of the site may then not work.";

    private static readonly byte[] AlphaV1 = Policy("Alpha Shop", "Privacy Policy - Alpha Shop", Collect, Use, Share);
    private static readonly byte[] AlphaV2 = Policy("Alpha Shop", "Privacy Policy - Alpha Shop", Collect, Use, Share, Rights);

    private static void Alpha2018(WarcWriter warc)
    {
        Home(warc, "http://alpha-shop.example/", "20180315100000", "Alpha Shop", "<a href=\"/privacy\">Privacy Policy</a>");
        warc.WriteResponse("http://alpha-shop.example/privacy", "20180316100000", 200, Utf8Html, AlphaV1);
        Home(warc, "http://alpha-shop.example/", "20181002100000", "Alpha Shop", "<a href=\"/privacy\">Privacy Policy</a>");
        warc.WriteRevisit("http://alpha-shop.example/privacy", "20181003100000", "20180316100000", 200, Utf8Html, AlphaV1);
    }

    private static void Alpha2019(WarcWriter warc)
    {
        Home(warc, "http://alpha-shop.example/", "20190405100000", "Alpha Shop", "<a href=\"/privacy\">Privacy Policy</a>");
        warc.WriteResponse("http://alpha-shop.example/privacy", "20190406100000", 200, Utf8Html, AlphaV2);
        Home(warc, "http://alpha-shop.example/", "20191010100000", "Alpha Shop", "<a href=\"/privacy\">Privacy Policy</a>");
        warc.WriteRevisit("http://alpha-shop.example/privacy", "20191011100000", "20190406100000", 200, Utf8Html, AlphaV2);
    }

    private static void Beta2018(WarcWriter warc)
    {
        Home(warc, "http://beta-news.example/", "20180401080000", "Beta News", "<a href=\"/legal/privacy.html\">Your Privacy Rights</a>");
        warc.WriteResponse("http://beta-news.example/legal/privacy.html", "20180402080000", 200, Utf8Html,
            Policy("Beta News", "Your Privacy Rights", Collect, Use, Rights));
    }

    private static void Beta2019(WarcWriter warc)
    {
        Home(warc, "http://beta-news.example/", "20190402080000", "Beta News", "<a href=\"/legal/privacy.html\">Your Privacy Rights</a>");
        warc.WriteResponse("http://beta-news.example/legal/privacy.html", "20190403080000", 301,
            [new("Location", "/legal/privacy-2019.html"), new("Content-Type", "text/html")], Utf8("<a href=\"/legal/privacy-2019.html\">Moved</a>"));
        warc.WriteResponse("http://beta-news.example/legal/privacy-2019.html", "20190403080500", 200, Utf8Html,
            Policy("Beta News", "Your Privacy Rights (2019)", Collect, Use, Share, Rights, Cookies));
    }

    private static void Gamma2018(WarcWriter warc)
    {
        Home(warc, "http://gamma-bank.example/", "20180920110000", "Gamma Bank", "<a href=\"/legal/privacy-security.html\">Privacy &amp; Security</a>");
        var latin = Encoding.Latin1.GetBytes(
            "<html><head><title>Confidentialité et sécurité - Gamma Bank</title></head><body><div class=\"content\">" +
            "<h2>Confidentialité</h2><p>La Gamma Bank protège vos données personnelles. Nous collectons votre nom, votre adresse et vos opérations bancaires, " +
            "et nous les utilisons uniquement pour gérer votre compte, prévenir la fraude et respecter nos obligations légales.</p>" +
            "<p>Vous pouvez demander à tout moment l'accès à vos données, leur rectification ou leur effacement en écrivant à notre délégué à la protection des données. " +
            "Nous répondons dans un délai d'un mois.</p></div></body></html>");
        warc.WriteResponse("http://gamma-bank.example/legal/privacy-security.html", "20180921110000", 200,
            [new("Content-Type", "text/html; charset=windows-1252")], latin);
    }

    private static void Delta(WarcWriter warc, string timestamp) =>
        Home(warc, "http://delta-blog.example/", timestamp, "Delta Blog", "<a href=\"/archive\">Archive</a>");

    private static void Epsilon2019(WarcWriter warc)
    {
        warc.WriteResponse("http://epsilon-games.example/", "20190401070000", 301,
            [new("Location", "https://epsilon-games.example/"), new("Content-Type", "text/html")], Utf8("Moved"));
        Home(warc, "https://epsilon-games.example/", "20190401070010", "Epsilon Games", "<a href=\"/cookies\">Cookie Policy</a>");
        warc.WriteResponse("https://epsilon-games.example/cookies", "20190402070000", 200, Utf8Html,
            Policy("Epsilon Games", "Cookie Policy", Cookies, Collect, Use));
    }

    private static void Zeta(WarcWriter warc, string timestamp, int version)
    {
        Home(warc, "http://zeta-travel.example/", timestamp, "Zeta Travel", "<a href=\"/privacy-notice#top\">privacy notice</a>");
        var policyTimestamp = timestamp[..6] + "02" + timestamp[8..];
        var paragraphs = new[] { Collect, Use, Share, Rights, Cookies }.Take(2 + version).ToArray();
        paragraphs[0] = $"Version {version}. " + paragraphs[0];
        warc.WriteResponse("http://zeta-travel.example/privacy-notice", policyTimestamp, 200, Utf8Html, Policy("Zeta Travel", "Privacy notice", paragraphs));
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
