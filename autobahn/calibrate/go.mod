module github.com/hybi-go/websocket/autobahn/calibrate

go 1.26.0

replace github.com/hybi-go/websocket => ../..

require (
	github.com/coder/websocket v1.8.15
	github.com/gorilla/websocket v1.5.3
	github.com/hybi-go/websocket v0.0.0-00010101000000-000000000000
	github.com/lxzan/gws v1.8.9
	github.com/stretchr/testify v1.12.1
)

require (
	github.com/dolthub/maphash v0.1.0 // indirect
	github.com/klauspost/compress v1.17.9 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
)
