namespace Harvester.Storage.LiteDb.Search;

/// <summary>Ascending version ids, stored as variable-length deltas (a common word in 100,000 versions takes ~100 KB).</summary>
internal static class Postings
{
    public static byte[] Append(byte[] existing, int lastId, IReadOnlyList<int> ascendingIds)
    {
        var output = new List<byte>(existing.Length + ascendingIds.Count * 2);
        output.AddRange(existing);
        int previous = lastId;
        foreach (int id in ascendingIds)
        {
            uint delta = (uint)(id - previous);
            while (delta >= 0x80)
            {
                output.Add((byte)(delta | 0x80));
                delta >>= 7;
            }
            output.Add((byte)delta);
            previous = id;
        }
        return output.ToArray();
    }

    public static List<int> Decode(byte[] encoded)
    {
        var ids = new List<int>();
        int id = 0, shift = 0;
        uint delta = 0;
        foreach (byte b in encoded)
        {
            delta |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) != 0)
            {
                shift += 7;
                continue;
            }
            id += (int)delta;
            ids.Add(id);
            delta = 0;
            shift = 0;
        }
        return ids;
    }
}
