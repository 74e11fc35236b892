// CredbuzzPay console: optional enhancements only; every page works without this file.
// Keyboard shortcuts: an element with data-shortcut="n" is followed (a link) or pressed (a button) on that key,
// unless the reader is typing in a field.
document.addEventListener('keydown', function (event) {
  if (event.ctrlKey || event.metaKey || event.altKey) { return; }
  var target = event.target;
  if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable)) { return; }
  var element = document.querySelector('[data-shortcut="' + event.key + '"]');
  if (element) { event.preventDefault(); element.click(); }
});
