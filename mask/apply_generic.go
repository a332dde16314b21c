package mask

func applyWords(k64 uint64, b []byte) { applyGeneric(k64, b) }
