using System.Buffers;
using System.Numerics;

namespace Harvester.Core.Versioning;

/// <summary>
/// 64-bit SimHash over word trigrams (FNV-1a hashed): near-identical texts get fingerprints a few bits apart.
/// Harvester marks a new version as near-identical to an earlier one within <see cref="NearDistance"/> bits.
/// </summary>
/// <remarks>
/// A word is a run of letters and digits, lower-cased (invariant); a shingle is three consecutive words joined by one
/// space (all the words when there are fewer than three), hashed as its UTF-8 bytes. Computed in place, without a
/// string per word or shingle: every stored version's fingerprint passes through here.
/// </remarks>
public static class SimHash
{
    public const int NearDistance = 3;

    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    public static ulong Compute(string text)
    {
        var letters = ArrayPool<char>.Shared.Rent(Math.Max(text.Length, 1));
        // A word is at least one letter followed by a separator, except the last.
        var ends = ArrayPool<int>.Shared.Rent(text.Length / 2 + 1);
        try
        {
            int words = Tokenize(text, letters, ends);
            if (words == 0) return 0;
            Span<int> weights = stackalloc int[64];
            int perShingle = Math.Min(3, words);
            for (int first = 0; first + perShingle <= words; first++)
            {
                ulong h = FnvOffset;
                for (int w = first; w < first + perShingle; w++)
                {
                    if (w > first) h = (h ^ ' ') * FnvPrime;
                    for (int k = w == 0 ? 0 : ends[w - 1]; k < ends[w]; k++) h = Fnv1a(h, letters[k]);
                }
                for (int bit = 0; bit < 64; bit++) weights[bit] += ((h >> bit) & 1) == 1 ? 1 : -1;
            }
            ulong result = 0;
            for (int bit = 0; bit < 64; bit++)
            {
                if (weights[bit] > 0) result |= 1UL << bit;
            }
            return result;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(letters);
            ArrayPool<int>.Shared.Return(ends);
        }
    }

    public static int Distance(ulong a, ulong b) => BitOperations.PopCount(a ^ b);

    /// <summary>The words' lower-cased letters one after another in <paramref name="letters"/>, and where each word ends in <paramref name="ends"/>; returns the number of words.</summary>
    private static int Tokenize(string text, char[] letters, int[] ends)
    {
        int length = 0, words = 0;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c)) letters[length++] = char.ToLowerInvariant(c);
            else if (length > (words == 0 ? 0 : ends[words - 1])) ends[words++] = length;
        }
        if (length > (words == 0 ? 0 : ends[words - 1])) ends[words++] = length;
        return words;
    }

    /// <summary>
    /// Adds the UTF-8 bytes of <paramref name="c"/> to the hash. A word's characters are never surrogates (they are not
    /// letters or digits), so one UTF-16 unit is one to three bytes.
    /// </summary>
    private static ulong Fnv1a(ulong hash, char c)
    {
        if (c < 0x80) return (hash ^ c) * FnvPrime;
        if (c < 0x800)
        {
            hash = (hash ^ (ulong)(0xC0 | (c >> 6))) * FnvPrime;
            return (hash ^ (ulong)(0x80 | (c & 0x3F))) * FnvPrime;
        }
        hash = (hash ^ (ulong)(0xE0 | (c >> 12))) * FnvPrime;
        hash = (hash ^ (ulong)(0x80 | ((c >> 6) & 0x3F))) * FnvPrime;
        return (hash ^ (ulong)(0x80 | (c & 0x3F))) * FnvPrime;
    }
}
