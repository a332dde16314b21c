// Package micro holds go test micro-benchmarks that put hybi's building
// blocks next to the same operation in other libraries: masking, UTF-8
// validation, frame header encoding and decoding, and whole messages read
// and written over an in-memory connection. The package has no code of its
// own; see the _test.go files and the README.
//
//	go test -run '^$' -bench . -count 6 ./micro > new.txt
//	benchstat -col /lib new.txt
package micro
