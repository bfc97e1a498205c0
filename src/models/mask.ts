// What the device may keep of a manually entered person: a masked name and the last 4 of the document.

/** Masks a name the way health codes show it: 张*三, 欧**明, 张*, L** W**. */
export function maskName(name: string): string {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if (/\s/.test(trimmed)) return trimmed.split(' ').map(maskWord).join(' ');
  const chars = [...trimmed];
  if (chars.length <= 1) return trimmed;
  if (chars.length === 2) return `${chars[0]}*`;
  if (/^[A-Za-z]+$/.test(trimmed)) return maskWord(trimmed);
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

function maskWord(word: string): string {
  const chars = [...word];
  return chars.length <= 1 ? word : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

/** The last 4 characters of a document number, upper case, for staff to compare with the card. */
export function last4(number: string): string {
  return number.replace(/\s/g, '').toUpperCase().slice(-4);
}

/** Masks a phone number to its first 3 and last 4 digits: 138****5678. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length < 8 ? '*'.repeat(digits.length) : `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}
