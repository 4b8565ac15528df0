// Writes whatwg-url-cases.json: what a real WHATWG URL parser (Node's `new URL(href, base)`, the call Readability makes) gives
// for every kind of reference. Run: node generate_whatwg_url_cases.mjs > whatwg-url-cases.json
const bases = [
  'https://web.archive.org/web/20200101000000id_/http://host.example/dir/page.html?x=1#frag',
  'https://web.archive.org/web/20200101000000id_/http://host.example/dir/',
  'http://host.example/dir/sub/page.html',
];
const hrefs = [
  'https://go.example.com?id=1&url=http://a.example/b', 'https://go.example.com#x', 'https://go.example.com',
  'http://Go.Example.COM:80/a/../b', 'https://h.example:443/p', 'http://h.example:8080',
  '//cdn.example/p/q?r', '//cdn.example', '///triple/slash', '?q=1', '?', '#f', '#', 'page.html#', 'x?#',
  '../../../../up.html', '/../../root.html', './a/./b/../c', '..', '.', 'a/..', '/a/%2e%2E/b',
  '\\back\\slash.html', '/a\\b', 'http:\\\\h.example\\p', '  spaced.html  ', 'with space.html', 'tab\there.html',
  'new\nline.html', 'https://bücher.example/straße', 'https://xn--bcher-kva.example/', 'http://例え.テスト/パス',
  'javascript:void(0)', 'mailto:privacy@example.com', 'mailto:a@b.example?subject=Hi there', 'tel:+1 555',
  'data:text/html,<b>x</b>', 'ftp://files.example/a', 'file:///etc/passwd', 'HTTP://UPPER.EXAMPLE/Path',
  'http:relative.html', 'https:', 'http://user:pass@h.example/p', 'http://[::1]:8080/x', 'http://192.168.0.1.', 
  'http://0x7f.1/', 'https://h.example/a b?c d#e f', 'https://h.example/%zz', 'https://h.example/<>"`{}|^',
  '/privacy?lang=en&x=1#top', 'privacy.php?a=1;b=2', 'https://h.example/p?q=ü', 'https://h.example/ü',
  'about:blank', 'https://h.example/a/./b/../../c', 'C:\\\\windows', 'https://h.example:/p', 'http://h.example:0/',
  'https://h.example/p#ä', 'http://h.example/?q=a+b%20c', 'www.example.com/privacy', 'https://exa mple.com/',
  'http://h.example:99999/', 'https://h.example./p', 'HTTPS://h.example/p', 'ws://h.example/p', 'blob:https://h.example/x',
];
const out = [];
for (const b of bases) for (const h of hrefs) {
  let r; try { r = new URL(h, b).href; } catch { r = null; }
  out.push({ base: b, href: h, expected: r });
}
console.log(JSON.stringify(out, null, 1));
