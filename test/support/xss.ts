/** Payloads that would run script or inject markup if any user string reached a page unescaped; each sets window.__xss. */
export const XSS_PAYLOADS = [
  '<script>window.__xss = 1</script>',
  '<img src=x onerror="window.__xss = 1">',
  '"><svg onload="window.__xss = 1">',
  "'><iframe src=javascript:window.__xss=1>",
  'javascript:window.__xss=1',
  '<a href="javascript:window.__xss=1">click</a>',
];
