using System.Text;
using Harvester.Core.Extraction;

namespace Harvester.Tests.Support;

/// <summary>Small hand-made pages for extraction tests.</summary>
internal static class Pages
{
    public static readonly Provenance Provenance =
        Provenance.ForCapture("example.com", "20200401123456", "http://www.example.com/privacy");

    public const string PolicyText =
        "We collect your name, your email address, and your postal address when you register, and we use them to run the service. " +
        "We never sell personal information to third parties, and we keep it only as long as your account exists. " +
        "You can ask us to correct, export, or delete your information at any time by writing to our privacy office. " +
        "Cookies help us remember your settings, measure traffic, and keep you signed in; you can turn them off in your browser.";

    public static string Policy(string title = "Privacy Policy", string extraHead = "", string body = "") =>
        $"<!DOCTYPE html><html><head>{extraHead}<title>{title}</title></head><body>" +
        "<div id=\"nav\"><a href=\"/\">Home</a> <a href=\"/about\">About</a></div>" +
        $"<div id=\"content\"><h2>Our policy</h2><p>{PolicyText}</p><p>{PolicyText}</p>{body}</div>" +
        "</body></html>";

    public static byte[] DatasetFile(string html, Provenance? provenance = null) =>
        Encoding.UTF8.GetBytes(ProvenanceComment.Format(provenance ?? Provenance) + "\n\n" + html);
}
