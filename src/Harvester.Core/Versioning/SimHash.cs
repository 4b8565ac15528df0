using System.Numerics;
using System.Text;

namespace Harvester.Core.Versioning;

/// <summary>
/// 64-bit SimHash over word trigrams (FNV-1a hashed): near-identical texts get fingerprints a few bits apart.
/// Harvester marks a new version as near-identical to an earlier one within <see cref="NearDistance"/> bits.
/// </summary>
public static class SimHash
{
    public const int NearDistance = 3;

    public static ulong Compute(string text)
    {
        var words = Tokenize(text);
        Span<int> weights = stackalloc int[64];
        int shingles = 0;
        for (int i = 0; i + 2 < words.Count || (i == 0 && words.Count > 0); i++)
        {
            var shingle = words.Count >= 3 ? words[i] + " " + words[i + 1] + " " + words[i + 2] : string.Join(' ', words);
            ulong h = Fnv1a(shingle);
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

    public static int Distance(ulong a, ulong b) => BitOperations.PopCount(a ^ b);

    private static List<string> Tokenize(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }
        if (current.Length > 0) words.Add(current.ToString());
        return words;
    }

    private static ulong Fnv1a(string s)
    {
        ulong hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(s))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return hash;
    }
}
