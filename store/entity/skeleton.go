package entity

import "strings"

// spellings are the letter rewrites of Skeleton's first rule. Built once:
// a Replacer is safe for concurrent use, and building one per word was 3%
// of a speaker query's CPU.
var spellings = strings.NewReplacer("x", "ks", "kh", "h", "w", "v", "ph", "f", "tch", "ch")

// Skeleton reduces one folded word of a name (claims.FoldWords: lower
// case, no diacritics) to the letters that survive its common Latin
// spellings, so that transliterations of one name meet: Zelensky,
// Zelenskiy, Zelenskyy and Zelenskyi are "zelensky"; Navalny and
// Navalnyy "navalny"; Dostoyevsky and Dostoevskij "dostoevsky"; Aleksei,
// Alexei and Alexey "aleksey"; Gennadiy and Genadi "genady". It is a rule
// over letters, not a list of names:
//
//   - x is ks; kh is h; w is v; ph is f; tch is ch;
//   - a j or y opening the word before a vowel is y (Yulia, Julia); an
//     opening "ye" is e (Yevgeny, Evgeny);
//   - a y between two vowels is dropped (Dostoyevsky), and one between a
//     consonant and a vowel is i (Tatyana, Tatiana);
//   - the run of i, y and j that ends a word after its first letter is
//     one y (-iy, -yy, -yi, -ii, -ij, -i);
//   - a doubled letter is one (digits stay as they are).
//
// Two names that differ otherwise stay apart: Ivanov and Ivanova, Anton
// and Antonia, Clinton and Clintons. Words in other scripts pass through
// unchanged.
func Skeleton(w string) string {
	if w == "" {
		return w
	}
	w = spellings.Replace(w)
	b := []byte(w)
	if len(b) > 2 && (b[0] == 'j' || b[0] == 'y') && isVowel(b[1]) {
		b[0] = 'y'
		if b[1] == 'e' {
			b = b[1:]
		}
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == 'y' && i > 0 && i+1 < len(b) && isVowel(b[i+1]) {
			if isVowel(b[i-1]) {
				continue
			}
			c = 'i' // Tatyana, Tatiana
		}
		out = append(out, c)
	}
	// The final run of i, y, j after the first letter.
	end := len(out)
	for end > 1 && (out[end-1] == 'i' || out[end-1] == 'y' || out[end-1] == 'j') {
		end--
	}
	if end < len(out) {
		out = append(out[:end], 'y')
	}
	// Doubled letters.
	n := 0
	for i, c := range out {
		if i > 0 && c == out[i-1] && c >= 'a' && c <= 'z' {
			continue
		}
		out[n] = c
		n++
	}
	return string(out[:n])
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}
