namespace Harvester.Tests.Support;

/// <summary>Locates the repository and the shared folder beside it (<c>../shared</c>), from the test binaries.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The dataset's dev pairs, or null when <c>../shared</c> is not there.</summary>
    public static string? DevCorpus
    {
        get
        {
            var path = Path.GetFullPath(Path.Combine(Root, "..", "shared", "corpus", "dev"));
            return Directory.Exists(path) ? path : null;
        }
    }

    public static string Fixtures => Path.Combine(Root, "fixtures");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Harvester.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Harvester.sln not found above " + AppContext.BaseDirectory);
    }
}
