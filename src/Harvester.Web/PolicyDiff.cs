using DiffPlex;
using DiffPlex.Chunkers;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Harvester.Core.Versioning;

namespace Harvester.Web;

/// <summary>One line of a diff: unchanged, inserted, deleted or modified (then with its word-level pieces on each side).</summary>
public sealed record DiffLine(string Kind, int? OldNumber, int? NewNumber, string? OldText, string? NewText,
    IReadOnlyList<DiffWord>? OldWords, IReadOnlyList<DiffWord>? NewWords);

/// <summary>A word-level piece of a modified line: unchanged, inserted or deleted.</summary>
public sealed record DiffWord(string Kind, string Text);

/// <summary>A run of changed lines with a little unchanged context around it.</summary>
public sealed record DiffHunk(int OldStart, int NewStart, IReadOnlyList<DiffLine> Lines);

/// <summary>
/// What changed between two versions' Markdown, line by line with word-level changes inside modified lines (DiffPlex,
/// side by side), grouped into hunks with <see cref="Context"/> unchanged lines around each change. The provenance
/// line names the capture and always differs, so it is left out.
/// </summary>
public static class PolicyDiff
{
    public const int Context = 2;

    public static IReadOnlyList<DiffHunk> Between(string oldMarkdown, string newMarkdown)
    {
        var model = new SideBySideDiffBuilder(new Differ(), new LineChunker(), new WordChunker())
            .BuildDiffModel(PolicyText.Body(oldMarkdown), PolicyText.Body(newMarkdown), ignoreWhitespace: false);
        var lines = new List<DiffLine>();
        for (int i = 0; i < Math.Max(model.OldText.Lines.Count, model.NewText.Lines.Count); i++)
        {
            var o = i < model.OldText.Lines.Count ? model.OldText.Lines[i] : null;
            var n = i < model.NewText.Lines.Count ? model.NewText.Lines[i] : null;
            var kind = (o?.Type, n?.Type) switch
            {
                (ChangeType.Modified, _) or (_, ChangeType.Modified) => "modified",
                (ChangeType.Deleted, ChangeType.Imaginary or null) => "deleted",
                (ChangeType.Imaginary or null, ChangeType.Inserted) => "inserted",
                (ChangeType.Deleted, ChangeType.Inserted) => "modified",
                _ => "unchanged",
            };
            lines.Add(new DiffLine(kind,
                o?.Position, n?.Position,
                o is { Type: not ChangeType.Imaginary } ? o.Text : null,
                n is { Type: not ChangeType.Imaginary } ? n.Text : null,
                kind == "modified" ? Words(o) : null,
                kind == "modified" ? Words(n) : null));
        }
        return Hunks(lines);
    }

    private static IReadOnlyList<DiffWord>? Words(DiffPiece? line) => line?.SubPieces is { Count: > 0 } pieces
        ? pieces.Where(p => p.Type != ChangeType.Imaginary).Select(p => new DiffWord(p.Type switch
        {
            ChangeType.Inserted => "inserted",
            ChangeType.Deleted => "deleted",
            ChangeType.Modified => "modified",
            _ => "unchanged",
        }, p.Text ?? string.Empty)).ToList()
        : null;

    private static List<DiffHunk> Hunks(List<DiffLine> lines)
    {
        var hunks = new List<DiffHunk>();
        int i = 0;
        while (i < lines.Count)
        {
            if (lines[i].Kind == "unchanged")
            {
                i++;
                continue;
            }
            int start = Math.Max(0, i - Context), end = i;
            // Extend over changes closer together than twice the context.
            while (end < lines.Count)
            {
                int next = end;
                while (next < lines.Count && lines[next].Kind != "unchanged") next++;
                int gap = next;
                while (gap < lines.Count && lines[gap].Kind == "unchanged") gap++;
                if (gap < lines.Count && gap - next <= 2 * Context) end = gap;
                else
                {
                    end = Math.Min(lines.Count, next + Context);
                    break;
                }
            }
            var slice = lines.GetRange(start, end - start);
            hunks.Add(new DiffHunk(slice.FirstOrDefault(l => l.OldNumber is not null)?.OldNumber ?? 0,
                slice.FirstOrDefault(l => l.NewNumber is not null)?.NewNumber ?? 0, slice));
            i = end;
        }
        return hunks;
    }
}
