# DoxGuard — two commands matter:
#   make run    install what is missing, build, start the app
#   make test   install what is missing, vet, run the whole test suite (race detector on)

GO      ?= go
BIN     := bin/doxguard

.PHONY: run test build deps deps-test vet bench clean

run: deps build
	./$(BIN)

build:
	$(GO) build -o $(BIN) .

deps:
	@./.ci/deps.sh

deps-test:
	@./.ci/deps.sh test

vet:
	$(GO) vet ./...

test: deps-test
	$(GO) vet ./...
	$(GO) test -race -timeout 40m ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf bin
