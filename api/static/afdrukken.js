// The print button of the cocktail page; without JavaScript the browser's own print command does the same.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("afdrukken");
  if (button) button.addEventListener("click", () => window.print());
});
