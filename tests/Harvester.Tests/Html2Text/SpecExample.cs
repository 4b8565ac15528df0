namespace Harvester.Tests.Html2Text;

/// <summary>One <c>example</c> block of a spec file: HTML in, expected Markdown out.</summary>
internal sealed record SpecExample(string Name, string Html, string Markdown);
