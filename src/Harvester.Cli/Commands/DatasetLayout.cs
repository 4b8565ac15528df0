namespace Harvester.Cli.Commands;

/// <summary>The dataset's file layout: <c>c/ch/cha/chaamp.com.md</c>.</summary>
internal static class DatasetLayout
{
    public static string RelativePath(string site, string extension)
    {
        var parts = new[] { site[..1], site[..Math.Min(2, site.Length)], site[..Math.Min(3, site.Length)] };
        return Path.Combine(parts[0], parts[1], parts[2], site + extension);
    }
}
