module confetti/go-oracle

go 1.19
