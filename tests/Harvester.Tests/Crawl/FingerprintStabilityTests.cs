using System.Globalization;
using System.Text;
using Harvester.Core.Crawling;
using Harvester.Core.Versioning;

namespace Harvester.Tests.Crawl;

/// <summary>
/// SimHash fingerprints are stored with every version, and Wayback timestamps decide which capture a half-year takes:
/// both were rewritten without allocations and must give what the straightforward versions below gave, on every input.
/// </summary>
public sealed class FingerprintStabilityTests
{
    [Theory]
    [InlineData("", 0UL)]
    [InlineData("   ...  ", 0UL)]
    [InlineData("Privacy", 0xC56E382DD98062E7UL)]
    [InlineData("Privacy Policy", 0xBC6953A36CED943FUL)]
    [InlineData("We collect your e-mail address.", 0x426153401341283AUL)]
    [InlineData("Datenschutzerklärung: Ihre Daten, Ñandú Größe café 東京 2019", 0x94D8121342625AE2UL)]
    public void SimHash_KeepsTheFingerprintsAlreadyStored(string text, ulong expected)
    {
        Assert.Equal(expected, WordListSimHash(text));
        Assert.Equal(expected, SimHash.Compute(text));
    }

    [Fact]
    public void SimHash_EqualsTheWordListComputation_OnRandomAndRealTexts()
    {
        var random = new Random(20261207);
        const string alphabet = "aZ09 \n\t.,-'éÅßΩж東\U0001F600\u00A0\u2028İı_";
        var texts = Enumerable.Range(0, 3000).Select(_ =>
        {
            var chars = new char[random.Next(0, 60)];
            for (int i = 0; i < chars.Length; i++) chars[i] = alphabet[random.Next(alphabet.Length)];
            return new string(chars);
        }).ToList();
        texts.Add(Harvester.Tests.Support.Pages.PolicyText);
        var corpus = Path.Combine(Harvester.Tests.Support.RepositoryPaths.Root, "..", "shared", "corpus", "dev");
        if (Directory.Exists(corpus)) texts.AddRange(Directory.GetFiles(corpus, "*.md").Select(File.ReadAllText));

        foreach (var text in texts) Assert.Equal(WordListSimHash(text), SimHash.Compute(text));
    }

    [Theory]
    [InlineData("20190415123456", "2019-04-15T12:34:56")]
    [InlineData("2019041512345699", "2019-04-15T12:34:56")]
    [InlineData("2019", "2019-01-01T00:00:00")]
    [InlineData("201900", "2019-01-01T00:00:00")]
    [InlineData("20190200", "2019-02-01T00:00:00")]
    [InlineData("20200229235959", "2020-02-29T23:59:59")]
    public void Timestamp_ParsesWaybackForms(string timestamp, string expected) =>
        Assert.Equal(DateTime.Parse(expected, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), Timestamps.Parse(timestamp));

    [Theory]
    [InlineData("")]
    [InlineData("0000")]
    [InlineData("20191301000000")]
    [InlineData("20190230000000")]
    [InlineData("20190101240000")]
    [InlineData("20190101006000")]
    [InlineData("20190101000060")]
    [InlineData("2019-01-01")]
    [InlineData("2019０1")]
    [InlineData("２０１９")]
    public void Timestamp_RefusesWhatIsNotOne(string timestamp)
    {
        var error = Assert.Throws<FormatException>(() => Timestamps.Parse(timestamp));
        Assert.Contains($"'{timestamp}' is not a Wayback timestamp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamp_EqualsParseExact_OnRandomDigits()
    {
        var random = new Random(7);
        for (int n = 0; n < 20000; n++)
        {
            var chars = new char[random.Next(0, 17)];
            for (int i = 0; i < chars.Length; i++) chars[i] = random.Next(40) == 0 ? 'x' : (char)('0' + (i < 4 ? random.Next(1, 10) : random.Next(10)));
            var timestamp = new string(chars);
            var expected = ParseExactOrNull(timestamp);
            if (expected is null) Assert.Throws<FormatException>(() => Timestamps.Parse(timestamp));
            else Assert.Equal(expected, Timestamps.Parse(timestamp));
        }
    }

    /// <summary>The fingerprint as first written: a string per word and per shingle, each hashed as its UTF-8 bytes.</summary>
    private static ulong WordListSimHash(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c)) current.Append(char.ToLowerInvariant(c));
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }
        if (current.Length > 0) words.Add(current.ToString());
        var weights = new int[64];
        int shingles = 0;
        for (int i = 0; i + 2 < words.Count || (i == 0 && words.Count > 0); i++)
        {
            var shingle = words.Count >= 3 ? words[i] + " " + words[i + 1] + " " + words[i + 2] : string.Join(' ', words);
            ulong h = 14695981039346656037UL;
            foreach (var b in Encoding.UTF8.GetBytes(shingle)) h = (h ^ b) * 1099511628211UL;
            for (int bit = 0; bit < 64; bit++) weights[bit] += ((h >> bit) & 1) == 1 ? 1 : -1;
            shingles++;
            if (words.Count < 3) break;
        }
        if (shingles == 0) return 0;
        ulong result = 0;
        for (int bit = 0; bit < 64; bit++)
        {
            if (weights[bit] > 0) result |= 1UL << bit;
        }
        return result;
    }

    /// <summary>The timestamp rule as first written, with <see cref="DateTime.TryParseExact(string, string, IFormatProvider, DateTimeStyles, out DateTime)"/>.</summary>
    private static DateTime? ParseExactOrNull(string timestamp)
    {
        var digits = timestamp.Length >= 14 ? timestamp[..14] : timestamp.PadRight(14, '0');
        if (digits[4..6] == "00") digits = digits[..4] + "01" + digits[6..];
        if (digits[6..8] == "00") digits = digits[..6] + "01" + digits[8..];
        return DateTime.TryParseExact(digits, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
            ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : null;
    }
}
