from mchch_xl.cli.commands import main

raise SystemExit(main())
