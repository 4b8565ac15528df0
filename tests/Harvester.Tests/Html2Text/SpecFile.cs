namespace Harvester.Tests.Html2Text;

/// <summary>
/// Reads markdig-style spec files: prose, <c>### name</c> headings, and example blocks fenced by 32 backticks
/// holding the input, a line with a single <c>.</c>, and the expected output.
/// </summary>
internal static class SpecFile
{
    private static readonly string Fence = new('`', 32);

    public static IReadOnlyList<SpecExample> Read(string path)
    {
        var examples = new List<SpecExample>();
        var lines = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        string section = string.Empty, name = string.Empty;
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("## ", StringComparison.Ordinal)) section = line[3..];
            else if (line.StartsWith("### ", StringComparison.Ordinal)) name = line[4..];
            else if (line == Fence + " example")
            {
                var input = new List<string>();
                var expected = new List<string>();
                var target = input;
                for (i++; i < lines.Length && lines[i] != Fence; i++)
                {
                    if (lines[i] == "." && target == input) target = expected;
                    else target.Add(lines[i]);
                }
                examples.Add(new SpecExample($"{section}: {name}", string.Join('\n', input), string.Join('\n', expected) + "\n"));
            }
        }
        return examples;
    }
}
